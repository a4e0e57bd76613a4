// The Worker's HTTP app: the durably API at /api/durably (token or session required), typed for `hc<AppType>`.
import { durably } from './durably'
import { createApiApp } from './http'

export const app = createApiApp(durably)
export type AppType = typeof app
