// The Cloudflare bindings the engine needs: D1 and its Durable Object namespaces.
import { shardOf } from './ids'
import type { D1GatewayRpc, EventObjectRpc, FeedObjectRpc, KeyObjectRpc, RunShardRpc } from './rpc'
import type { SchedulerRpc } from './schedules/scheduler-rpc'

export interface EngineEnv {
  DB: D1Database
  RUN_SHARD: DurableObjectNamespace<RunShardRpc>
  KEY_OBJECT: DurableObjectNamespace<KeyObjectRpc>
  FEED_OBJECT: DurableObjectNamespace<FeedObjectRpc>
  D1_GATEWAY: DurableObjectNamespace<D1GatewayRpc>
  SCHEDULER: DurableObjectNamespace<SchedulerRpc>
  EVENT_OBJECT: DurableObjectNamespace<EventObjectRpc>
}

/** The shard that hosts a run: its number is part of the run id, so routing needs no lookup. */
export function runStub(env: EngineEnv, runId: string): DurableObjectStub<RunShardRpc> {
  return env.RUN_SHARD.get(env.RUN_SHARD.idFromName(`shard:${shardOf(runId)}`))
}

export function keyStub(env: EngineEnv, concurrencyKey: string): DurableObjectStub<KeyObjectRpc> {
  return env.KEY_OBJECT.get(env.KEY_OBJECT.idFromName(concurrencyKey))
}

/** The runs feed is sharded by job name: list subscribers of one job never see another job's traffic. */
export function feedStub(env: EngineEnv, jobName: string): DurableObjectStub<FeedObjectRpc> {
  return env.FEED_OBJECT.get(env.FEED_OBJECT.idFromName(`job:${jobName}`))
}

/** The object that group-commits the shards' D1 writes (one per database). */
export function gatewayStub(env: EngineEnv): DurableObjectStub<D1GatewayRpc> {
  return env.D1_GATEWAY.get(env.D1_GATEWAY.idFromName('d1'))
}

/** The waits of one event name are indexed in their own object: an event never scans another name's waits. */
export function eventStub(env: EngineEnv, eventName: string): DurableObjectStub<EventObjectRpc> {
  return env.EVENT_OBJECT.get(env.EVENT_OBJECT.idFromName(`event:${eventName}`))
}
