// The Worker's bindings (wrangler.toml) and secrets (.dev.vars locally, `wrangler secret put` in production).
declare namespace Cloudflare {
  interface Env {
    DB: D1Database
    RUN_SHARD: DurableObjectNamespace<import('./engine').RunShard>
    KEY_OBJECT: DurableObjectNamespace<import('./engine').KeyObject>
    FEED_OBJECT: DurableObjectNamespace<import('./engine').FeedObject>
    D1_GATEWAY: DurableObjectNamespace<import('./engine').D1Gateway>
    SCHEDULER: DurableObjectNamespace<import('./engine').Scheduler>
    EVENT_OBJECT: DurableObjectNamespace<import('./engine').EventObject>
    SIGN_IN_THROTTLE: DurableObjectNamespace<import('./http').SignInThrottle>
    ASSETS?: Fetcher
    /** Bearer token other services use, and what the dashboard's sign-in asks for; a new one ends every session. */
    STEPFLARE_API_TOKEN?: string
    /** 'true' to allow requests without a token when no token is configured (local development only). */
    STEPFLARE_OPEN_ACCESS?: string
  }
}
interface Env extends Cloudflare.Env {}
