// Debian's Chromium, headless, driven by playwright-core with the system browser (no browser download).
// The flags keep Chromium off the network it would otherwise try (updates, sync, Google lookups): this
// machine's network is closed and the refusals would only slow the start.
import { chromium } from 'playwright-core'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium'

const FLAGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-dev-shm-usage'
]

/** A headless browser with a fresh profile; close() also removes the profile. */
export async function launchBrowser() {
  const profile = mkdtempSync(join(tmpdir(), 'cable-chromium-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS
  })
  return {
    context,
    newPage: () => context.newPage(),
    async close() {
      await context.close().catch(() => {})
      rmSync(profile, { recursive: true, force: true })
    }
  }
}
