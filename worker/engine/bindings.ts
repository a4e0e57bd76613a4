// The Cloudflare bindings the engine needs: D1 and its three Durable Object namespaces.
import type { FeedObject } from './feed-object'
import type { KeyObject } from './key-object'
import type { RunObject } from './run-object'

export interface EngineEnv {
  DB: D1Database
  RUN_OBJECT: DurableObjectNamespace<RunObject>
  KEY_OBJECT: DurableObjectNamespace<KeyObject>
  FEED_OBJECT: DurableObjectNamespace<FeedObject>
}

export function runStub(env: EngineEnv, runId: string): DurableObjectStub<RunObject> {
  return env.RUN_OBJECT.get(env.RUN_OBJECT.idFromName(runId))
}

export function keyStub(env: EngineEnv, concurrencyKey: string): DurableObjectStub<KeyObject> {
  return env.KEY_OBJECT.get(env.KEY_OBJECT.idFromName(concurrencyKey))
}

/** The runs feed is sharded by job name: list subscribers of one job never see another job's traffic. */
export function feedStub(env: EngineEnv, jobName: string): DurableObjectStub<FeedObject> {
  return env.FEED_OBJECT.get(env.FEED_OBJECT.idFromName(`job:${jobName}`))
}
