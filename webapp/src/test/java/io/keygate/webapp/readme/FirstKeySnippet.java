package io.keygate.webapp.readme;

// tag::first-key[]
import io.keygate.Keygate;
import io.keygate.keys.Environment;
import io.keygate.keys.Owner;
import io.keygate.keys.Permission;
import io.keygate.service.CreatedKey;
import io.keygate.service.NewKey;
// end::first-key[]

/** README: "A first key in code". */
final class FirstKeySnippet {

    private FirstKeySnippet() {
    }

    static CreatedKey create(Keygate keygate) {
        // tag::first-key[]
        CreatedKey created = keygate.service().create(
                NewKey.builder("platform", Owner.serviceAccount("sa_billing"))   // organization, owner
                        .name("billing export")
                        .environment(Environment.LIVE)
                        .permissions(Permission.READ, Permission.WRITE)
                        .build());
        String plaintext = created.plaintext();   // hand it to the client now: only its SHA-256 is stored
        String id = created.key().id();           // public: for logs, revocation, the admin API
        // end::first-key[]
        return created;
    }
}
