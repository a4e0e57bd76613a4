// The run statuses in display order and which of them have ended: the engine's protocol module, imported at runtime.
export { isActiveStatus, isTerminalStatus, RUN_STATUSES } from '../../worker/engine/protocol/statuses'
