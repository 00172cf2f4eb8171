package org.edtriage.schemas.registry;

/** A registry answered with an error, or could not be reached. Carries the HTTP status and Confluent error code. */
public class SchemaRegistryException extends RuntimeException {
    private final int httpStatus;
    private final int errorCode;

    public SchemaRegistryException(String message, int httpStatus, int errorCode) {
        super(message + " (HTTP " + httpStatus + ", error_code " + errorCode + ")");
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    public SchemaRegistryException(String message, Throwable cause) {
        super(message, cause);
        this.httpStatus = -1;
        this.errorCode = -1;
    }

    /** -1 when the registry was not reached. */
    public int httpStatus() {
        return httpStatus;
    }

    /**
     * Confluent's error code (409xx/422xx/404xx). Apicurio's compatibility endpoint answers 409 with
     * error_code 0, so callers should look at {@link #httpStatus()} first.
     */
    public int errorCode() {
        return errorCode;
    }

    /** The registry refused a schema because it breaks the subject's compatibility rule. */
    public boolean isIncompatibleSchema() {
        return httpStatus == 409;
    }
}
