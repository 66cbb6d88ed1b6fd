// The reference atproto network (PLC directory, PDS, Bluesky AppView on PostgreSQL)
// for the real-server tests: started by scripts/ensure-atproto.sh, it writes the
// services' URLs to the file named by ATPROTO_READY once they answer, and runs
// until it is sent SIGTERM or SIGINT.
import { writeFileSync, renameSync } from 'node:fs'
import { TestNetwork } from '@atproto/dev-env'
import pg from 'pg'

const env = process.env
// The PDS and PLC start empty each time: so does the AppView's schema.
const admin = new pg.Client({ connectionString: env.ATPROTO_PG_URL })
await admin.connect()
await admin.query(`DROP SCHEMA IF EXISTS "${env.ATPROTO_PG_SCHEMA}" CASCADE`)
await admin.end()
const port = (name) => Number(env[name])
const network = await TestNetwork.create({
  dbPostgresUrl: env.ATPROTO_PG_URL,
  dbPostgresSchema: env.ATPROTO_PG_SCHEMA,
  pds: { port: port('ATPROTO_PDS_PORT') },
  plc: { port: port('ATPROTO_PLC_PORT') },
  bsky: { port: port('ATPROTO_BSKY_PORT'), dbPostgresSchema: env.ATPROTO_PG_SCHEMA },
})
const ready = {
  pds: network.pds.url,
  plc: network.plc.url,
  appview: network.bsky.url,
  pid: process.pid,
}
writeFileSync(env.ATPROTO_READY + '.tmp', JSON.stringify(ready))
renameSync(env.ATPROTO_READY + '.tmp', env.ATPROTO_READY)
console.log(`atproto network up: ${JSON.stringify(ready)}`)

let closing = false
const close = async () => {
  if (closing) return
  closing = true
  await network.close()
  process.exit(0)
}
process.on('SIGTERM', close)
process.on('SIGINT', close)
