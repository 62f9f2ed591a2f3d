package io.keygate.jakarta.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Payara Micro 6 (Jakarta EE 10 full platform in one jar): no Hazelcast cluster, no phone-home, HTTP on 127.0.0.1
 * only, its runtime unpacked into this server's own temp directory.
 */
public final class PayaraMicro extends JakartaServer {

    public PayaraMicro() {
        super("payara-micro");
    }

    @Override
    protected List<String> command(List<String> jvmOptions) throws IOException {
        Path jar = Path.of(System.getProperty("it.payara.jar", "target/servers/payara-micro.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no Payara Micro at " + jar + ": run the ITs through 'mvn verify'");
        }
        Path preboot = Files.writeString(base.resolve("preboot.asadmin"),
                "set configs.config.server-config.network-config.network-listeners.network-listener.http-listener"
                        + ".address=127.0.0.1\n");
        List<String> command = new ArrayList<>();
        command.add(javaExecutable().toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString(), "--nocluster", "--disablephonehome",
                "--port", Integer.toString(port), "--rootdir", base.resolve("root").toString(),
                "--prebootcommandfile", preboot.toString(),
                "--contextroot", CONTEXT_PATH.substring(1), "--deploy", exampleWar().toString()));
        return command;
    }
}
