// Leases per concurrency key (one object per key): at most one run holds the key; the next waiting run is woken.
import { DurableObject } from 'cloudflare:workers'
import { runStub, type EngineEnv } from '../bindings'
import type { KeyObjectRpc } from '../rpc'

interface KeyState {
  holder: string | null
  waiting: string[]
}

export class KeyObject extends DurableObject<EngineEnv> implements KeyObjectRpc {
  private read(): KeyState {
    return this.ctx.storage.kv.get<KeyState>('state') ?? { holder: null, waiting: [] }
  }

  private write(state: KeyState): void {
    this.ctx.storage.kv.put('state', state)
  }

  /** True when `runId` holds the key now; otherwise it is queued and woken when its turn comes. */
  acquire(runId: string): boolean {
    const state = this.read()
    if (state.holder === null || state.holder === runId) {
      state.holder = runId
      state.waiting = state.waiting.filter((id) => id !== runId)
      this.write(state)
      return true
    }
    if (!state.waiting.includes(runId)) state.waiting.push(runId)
    this.write(state)
    return false
  }

  /** The run ended (or was cancelled/deleted while waiting): pass the key to the next run and wake it. */
  async release(runId: string): Promise<void> {
    const state = this.read()
    state.waiting = state.waiting.filter((id) => id !== runId)
    if (state.holder !== runId) {
      this.write(state)
      return
    }
    state.holder = state.waiting.shift() ?? null
    this.write(state)
    if (state.holder) await this.wakeHolder()
  }

  /** Retries waking the holder if the first attempt failed. */
  override async alarm(): Promise<void> {
    await this.wakeHolder()
  }

  private async wakeHolder(): Promise<void> {
    const { holder } = this.read()
    if (!holder) return
    try {
      await runStub(this.env, holder).wake(holder)
    } catch {
      await this.ctx.storage.setAlarm(Date.now() + 1_000)
    }
  }

  /** Who holds the key and who waits (for tests and the dashboard). */
  inspect(): KeyState {
    return this.read()
  }
}
