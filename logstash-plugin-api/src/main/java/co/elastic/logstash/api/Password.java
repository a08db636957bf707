package co.elastic.logstash.api;

import java.io.Serializable;

/** A secret setting value that never prints itself. */
public class Password implements Serializable {

    private static final long serialVersionUID = -8683271728417419530L;

    private final String password;

    public Password(String password) {
        this.password = password;
    }

    public String getPassword() {
        return password;
    }

    @Override
    public String toString() {
        return "<password>";
    }

    /** Ruby compatibility. */
    public String getValue() {
        return getPassword();
    }

    /** Ruby compatibility. */
    public String inspect() {
        return toString();
    }
}
