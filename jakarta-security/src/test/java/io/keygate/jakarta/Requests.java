package io.keygate.jakarta;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** Mock servlet requests and a response that records what is written to it. */
final class Requests {

    private Requests() {
    }

    static HttpServletRequest get(String path, String query, String... authorization) {
        HttpServletRequest request = mock(HttpServletRequest.class);
        Map<String, Object> attributes = new HashMap<>();
        when(request.getMethod()).thenReturn("GET");
        when(request.getServletPath()).thenReturn(path);
        when(request.getQueryString()).thenReturn(query);
        when(request.getRemoteAddr()).thenReturn("192.0.2.7");
        when(request.getDispatcherType()).thenReturn(DispatcherType.REQUEST);
        when(request.getHeaders("Authorization")).thenAnswer(i -> Collections.enumeration(List.of(authorization)));
        when(request.getHeader("Authorization")).thenReturn(authorization.length == 0 ? null : authorization[0]);
        when(request.getHeaderNames()).thenAnswer(i -> Collections.enumeration(
                authorization.length == 0 ? List.of() : List.of("Authorization")));
        doAnswer(i -> attributes.put(i.getArgument(0), i.getArgument(1))).when(request).setAttribute(anyString(), org.mockito.ArgumentMatchers.any());
        when(request.getAttribute(anyString())).thenAnswer(i -> attributes.get(i.<String>getArgument(0)));
        return request;
    }

    static jakarta.servlet.ServletInputStream input(java.io.InputStream in) {
        return new jakarta.servlet.ServletInputStream() {
            @Override
            public boolean isFinished() {
                return false;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(jakarta.servlet.ReadListener listener) {
            }

            @Override
            public int read() throws IOException {
                return in.read();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return in.read(b, off, len);
            }
        };
    }

    /** A response whose status, headers and body can be read back. */
    static final class Recorded {
        final HttpServletResponse response = mock(HttpServletResponse.class);
        final Map<String, String> headers = new HashMap<>();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        int status = 200;
        boolean flushed;
        boolean closed;

        Recorded() {
            try {
                doAnswer(i -> headers.put(i.getArgument(0), i.getArgument(1))).when(response).setHeader(anyString(), anyString());
                doAnswer(i -> headers.put(i.getArgument(0), i.getArgument(1))).when(response).addHeader(anyString(), anyString());
                doAnswer(i -> status = i.getArgument(0)).when(response).setStatus(org.mockito.ArgumentMatchers.anyInt());
                doAnswer(i -> flushed = true).when(response).flushBuffer();
                when(response.getOutputStream()).thenReturn(new ServletOutputStream() {
                    @Override
                    public boolean isReady() {
                        return true;
                    }

                    @Override
                    public void setWriteListener(WriteListener listener) {
                    }

                    @Override
                    public void write(int b) {
                        body.write(b);
                    }

                    @Override
                    public void close() {
                        closed = true;
                    }
                });
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        String body() {
            return body.toString(StandardCharsets.UTF_8);
        }
    }
}
