// The Cloudflare bindings the engine needs: D1 and its four Durable Object namespaces.
import type { D1Gateway } from './d1/d1-gateway'
import type { FeedObject } from './feed/feed-object'
import type { KeyObject } from './keys/key-object'
import { shardOf } from './ids'
import type { RunShard } from './shard/run-shard'

export interface EngineEnv {
  DB: D1Database
  RUN_SHARD: DurableObjectNamespace<RunShard>
  KEY_OBJECT: DurableObjectNamespace<KeyObject>
  FEED_OBJECT: DurableObjectNamespace<FeedObject>
  D1_GATEWAY: DurableObjectNamespace<D1Gateway>
}

/** The shard that hosts a run: its number is part of the run id, so routing needs no lookup. */
export function runStub(env: EngineEnv, runId: string): DurableObjectStub<RunShard> {
  return env.RUN_SHARD.get(env.RUN_SHARD.idFromName(`shard:${shardOf(runId)}`))
}

export function keyStub(env: EngineEnv, concurrencyKey: string): DurableObjectStub<KeyObject> {
  return env.KEY_OBJECT.get(env.KEY_OBJECT.idFromName(concurrencyKey))
}

/** The runs feed is sharded by job name: list subscribers of one job never see another job's traffic. */
export function feedStub(env: EngineEnv, jobName: string): DurableObjectStub<FeedObject> {
  return env.FEED_OBJECT.get(env.FEED_OBJECT.idFromName(`job:${jobName}`))
}

/** The object that group-commits the shards' D1 writes (one per database). */
export function gatewayStub(env: EngineEnv): DurableObjectStub<D1Gateway> {
  return env.D1_GATEWAY.get(env.D1_GATEWAY.idFromName('d1'))
}
