// Job key → job name: explicit names first (the server is then never asked), else the server's job list, else kebab-case.
import { describe, expect, it } from 'vitest'
import { createJobNameResolver, jobNamesFromOpenApi, kebabCase, pickJobName } from './job-names'

describe('job names', () => {
  it('converts camelCase keys to kebab-case', () => {
    expect(kebabCase('importCsv')).toBe('import-csv')
    expect(kebabCase('slowSteps')).toBe('slow-steps')
    expect(kebabCase('syncHTTPFeed')).toBe('sync-http-feed')
    expect(kebabCase('bench2Noop')).toBe('bench2-noop')
    expect(kebabCase('plain')).toBe('plain')
  })

  it('finds jobName enums anywhere in an OpenAPI document', () => {
    const body = { properties: { jobName: { type: 'string', enum: ['import-csv', 'sync_users'] } } }
    const doc = { paths: { '/trigger': { post: { requestBody: { content: { 'application/json': { schema: body } } } } } } }
    expect(jobNamesFromOpenApi(doc).sort()).toEqual(['import-csv', 'sync_users'])
  })

  it('prefers an explicit name, then a loose match from the server, then kebab-case', () => {
    expect(pickJobName('syncUsers', ['sync_users'])).toBe('sync_users')
    expect(pickJobName('syncUsers', ['sync_users'], { syncUsers: 'users-v2' })).toBe('users-v2')
    expect(pickJobName('importCsv', [])).toBe('import-csv')
  })

  it('fetches the server list once and falls back when it cannot be loaded', async () => {
    let calls = 0
    const resolver = createJobNameResolver({
      openApi: async () => {
        calls++
        return { x: { jobName: { enum: ['users_sync'] } } }
      },
    })
    expect(resolver.nameNow('usersSync')).toBe('users-sync')
    expect(await resolver.resolve('usersSync')).toBe('users_sync')
    expect(await resolver.resolve('importCsv')).toBe('import-csv')
    expect(calls).toBe(1)
    const offline = createJobNameResolver({ openApi: () => Promise.reject(new Error('offline')) })
    expect(await offline.resolve('importCsv')).toBe('import-csv')
  })

  it('never asks the server when it was given every job\'s name', async () => {
    let calls = 0
    const resolver = createJobNameResolver(
      { openApi: async () => void calls++ },
      { importCsv: 'import-csv', usersSync: 'users_sync' },
    )
    expect(resolver.namesNow()).toEqual(['import-csv', 'users_sync'])
    expect(await resolver.resolve('usersSync')).toBe('users_sync')
    expect(await resolver.names()).toEqual(['import-csv', 'users_sync'])
    expect(calls).toBe(0)
  })
})
