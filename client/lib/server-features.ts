// Which optional endpoints the server offers, read once from its OpenAPI document (for servers older than this client).
import type { Api } from './api'

export interface ServerFeatures {
  /** Whether POST /retrigger takes `fromStep` (rerun a finished run from one of its steps). */
  rerunFromStep(): Promise<boolean>
}

interface OpenApiDoc {
  paths?: Record<string, Record<string, { parameters?: { name?: string }[] } | undefined> | undefined>
}

export function createServerFeatures(api: Pick<Api, 'openApi'>): ServerFeatures {
  let doc: Promise<OpenApiDoc | null> | null = null
  const read = () => (doc ??= api.openApi().then((value) => value as OpenApiDoc, () => ((doc = null), null)))
  return {
    async rerunFromStep() {
      const parameters = (await read())?.paths?.['/retrigger']?.post?.parameters ?? []
      return parameters.some((parameter) => parameter.name === 'fromStep')
    },
  }
}
