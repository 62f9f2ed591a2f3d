package io.keygate.bench.jmh;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.Ed25519Signer;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.text.ParseException;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Why keygate signs its tokens with ES256: the sign and verify cost of the two asymmetric algorithms contract §8
 * allows, through nimbus-jose-jwt as keygate uses it (ES256 on the JDK's SunEC provider; Ed25519 through nimbus's
 * Tink-based signer, the only Ed25519 implementation nimbus has). The claims are the size keygate issues. Each
 * verify includes parsing the compact token, as a first-seen token costs.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
public class TokenAlgorithmBenchmark {

    private JWTClaimsSet claims;
    private JWSSigner es256Signer;
    private JWSVerifier es256Verifier;
    private JWSHeader es256Header;
    private String es256Token;
    private JWSSigner ed25519Signer;
    private JWSVerifier ed25519Verifier;
    private JWSHeader ed25519Header;
    private String ed25519Token;

    @Setup(Level.Trial)
    public void setUp() throws JOSEException {
        long now = System.currentTimeMillis() / 1000 * 1000;
        claims = new JWTClaimsSet.Builder()
                .issuer("keygate").audience("keygate").subject("key_3fK9wQ2mX7pL1nB8vC4z")
                .issueTime(new Date(now)).expirationTime(new Date(now + 900_000)).jwtID("Qm9uZCwgSmFtZXMgQm9uZA")
                .claim("org", "acme").claim("team", "team_research").claim("env", "live")
                .claim("scope", "read write").claim("restriction", Map.of("type", "workflow", "id", "wf_echo"))
                .build();
        ECKey ec = new ECKeyGenerator(Curve.P_256).keyID("kAbCdEfGhIjKlMnOp").generate();
        es256Signer = new ECDSASigner(ec);
        es256Verifier = new ECDSAVerifier(ec.toPublicJWK());
        es256Header = new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(ec.getKeyID()).type(JOSEObjectType.JWT).build();
        es256Token = sign(es256Header, es256Signer);
        OctetKeyPair okp = new OctetKeyPairGenerator(Curve.Ed25519).keyID("kAbCdEfGhIjKlMnOp").generate();
        ed25519Signer = new Ed25519Signer(okp);
        ed25519Verifier = new Ed25519Verifier(okp.toPublicJWK());
        ed25519Header = new JWSHeader.Builder(JWSAlgorithm.Ed25519).keyID(okp.getKeyID()).type(JOSEObjectType.JWT)
                .build();
        ed25519Token = sign(ed25519Header, ed25519Signer);
        System.out.println("ES256 token " + es256Token.length() + " chars, Ed25519 token " + ed25519Token.length()
                + " chars; Ed25519 header " + ed25519Header.toJSONObject());
    }

    private String sign(JWSHeader header, JWSSigner signer) throws JOSEException {
        SignedJWT jwt = new SignedJWT(header, claims);
        jwt.sign(signer);
        return jwt.serialize();
    }

    @Benchmark
    public String es256Sign() throws JOSEException {
        return sign(es256Header, es256Signer);
    }

    @Benchmark
    public boolean es256Verify() throws ParseException, JOSEException {
        return SignedJWT.parse(es256Token).verify(es256Verifier);
    }

    @Benchmark
    public String ed25519Sign() throws JOSEException {
        return sign(ed25519Header, ed25519Signer);
    }

    @Benchmark
    public boolean ed25519Verify() throws ParseException, JOSEException {
        return SignedJWT.parse(ed25519Token).verify(ed25519Verifier);
    }
}
