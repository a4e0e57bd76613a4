// How long a browser session lasts and how many failed sign-ins the throttle allows: one place for code and docs.

/** A session ends this long after sign-in, however often it is used (an absolute lifetime, not a sliding one). */
export const SESSION_LIFETIME_SECONDS = 7 * 24 * 60 * 60
/** Failed sign-ins one client (an IPv4 address or an IPv6 /64) may make per window. */
export const CLIENT_FAILURE_LIMIT = 10
/** Failed sign-ins all clients together may make per window, so that changing address buys little. */
export const GLOBAL_FAILURE_LIMIT = 100
/** A window opens at the first failure counted under a key and lasts this long; the count then starts again. */
export const FAILURE_WINDOW_MS = 15 * 60 * 1000
