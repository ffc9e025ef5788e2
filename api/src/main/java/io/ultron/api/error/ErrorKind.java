package io.ultron.api.error;

/** How a refused request is reported; the REST layer maps each kind to one HTTP status. */
public enum ErrorKind {
    /** Malformed or out-of-range input: 400. */
    BAD_INPUT,
    /** The caller may not act for the tenant it names: 403. */
    FORBIDDEN,
    /** The resource does not exist (or belongs to a tenant the caller may not see): 404. */
    NOT_FOUND,
    /** Clashes with the current state, e.g. a name already taken: 409. */
    CONFLICT,
    /** Well-formed but breaks a business rule, e.g. an IDC that is full: 422. */
    RULE_VIOLATION,
    /** Cannot be served right now but will be soon, e.g. addresses still being provisioned: 503 with Retry-After. */
    UNAVAILABLE
}
