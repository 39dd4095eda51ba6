// Bookkeeping of a fault run: what the cluster acknowledged per stream, what each client received, and a
// report per client group. The definitions are those of the Java fault suite's DeliveryLedger
// (node/src/test/java/io/cablecluster/node/cluster/DeliveryLedger.java), so both reports read alike.

/** Per stream, the seqs answered 201 (must be delivered) and the others (may or may not be). */
export class Ledger {
  constructor(streams) {
    this.acked = new Map(streams.map(stream => [stream, new Set()]))
    this.refused = new Map(streams.map(stream => [stream, new Set()]))
    this.ackedAt = new Map(streams.map(stream => [stream, []]))
    this.statuses = {}
  }

  posted(stream, seq, status) {
    this.statuses[status] = (this.statuses[status] || 0) + 1
    if (status === 201) this.ackedAt.get(stream).push(Date.now())
    ;(status === 201 ? this.acked : this.refused).get(stream).add(seq)
  }

  get posts() {
    return Object.values(this.statuses).reduce((a, b) => a + b, 0)
  }

  /** Whether `follower` holds every acknowledged seq of every stream it follows. */
  caughtUp(follower) {
    return follower.streams.every(stream => {
      const seen = new Set(follower.receipts.get(stream).map(r => r.seq))
      return [...this.acked.get(stream)].every(seq => seen.has(seq))
    })
  }

  /**
   * One client: expected (acknowledged on its streams), lost (acknowledged, never received), duplicated
   * (a seq received again), out of order (a first receipt below a seq already received, or an offset not
   * above the previous one of the same epoch), unacked (received though not acknowledged: allowed).
   */
  tally(follower) {
    const t = { expected: 0, lost: 0, duplicated: 0, outOfOrder: 0, unacked: 0, examples: [] }
    const example = text => t.examples.length < 4 && t.examples.push(`${follower.label} ${text}`)
    for (const stream of follower.streams) {
      const acked = this.acked.get(stream)
      const seen = new Set()
      let maxSeq = -1
      let last = null
      for (const r of follower.receipts.get(stream)) {
        if (seen.has(r.seq)) {
          t.duplicated++
          example(`${stream} dup seq ${r.seq}`)
        } else {
          seen.add(r.seq)
          const offsetBack = last && r.epoch === last.epoch && r.offset <= last.offset
          if (r.seq < maxSeq || offsetBack) {
            t.outOfOrder++
            example(`${stream} seq ${r.seq} (offset ${r.offset}) after seq ${maxSeq} (offset ${last?.offset})`)
          }
          if (!acked.has(r.seq)) t.unacked++
        }
        maxSeq = Math.max(maxSeq, r.seq)
        last = r
      }
      t.expected += acked.size
      const missing = [...acked].filter(seq => !seen.has(seq)).sort((a, b) => a - b)
      t.lost += missing.length
      if (missing.length > 0) example(`${stream} lost ${missing.length}: ${missing.slice(0, 10).join(',')}`)
    }
    return t
  }

  /**
   * Acknowledged messages of `follower`'s streams whose 201 came while it was disconnected: it can only
   * have them from the history its client asked for when it came back.
   */
  missedWhileAway(follower) {
    let missed = 0
    for (const { from, to } of follower.reconnects) {
      for (const stream of follower.streams) missed += this.ackedAt.get(stream).filter(at => at >= from && at <= to).length
    }
    return missed
  }

  /** One line per client group (first-seen order), with every client's reconnection times. */
  report(followers) {
    const groups = new Map()
    for (const f of followers) {
      if (!groups.has(f.group)) groups.set(f.group, [])
      groups.get(f.group).push(f)
    }
    const rows = []
    for (const [group, members] of groups) {
      const row = { group, clients: members.length, expected: 0, lost: 0, duplicated: 0, outOfOrder: 0,
        unacked: 0, missedWhileAway: 0, rejectHistory: 0, reconnects: [], restored: 0, examples: [] }
      for (const f of members) {
        const t = this.tally(f)
        for (const key of ['expected', 'lost', 'duplicated', 'outOfOrder', 'unacked']) row[key] += t[key]
        row.rejectHistory += f.rejectHistory
        row.missedWhileAway += this.missedWhileAway(f)
        row.reconnects.push(...f.reconnects.map(r => r.ms))
        row.restored += f.reconnects.filter(r => r.restored).length
        row.examples.push(...t.examples)
      }
      rows.push(row)
    }
    return rows
  }
}

/** What one client went through: its receipts per stream, reconnections, reject_history notices. */
export class Follower {
  constructor(label, group, streams) {
    this.label = label
    this.group = group
    this.streams = streams
    this.receipts = new Map(streams.map(stream => [stream, []]))
    this.reconnects = []
    this.rejectHistory = 0
    this.disconnectedAt = null
  }

  received(stream, seq, meta) {
    this.receipts.get(stream).push({ seq, epoch: meta?.epoch, offset: meta?.offset })
  }

  disconnected() {
    this.disconnectedAt ??= Date.now()
  }

  connected(event) {
    if (this.disconnectedAt === null) return
    const now = Date.now()
    this.reconnects.push({ from: this.disconnectedAt, to: now, ms: now - this.disconnectedAt, restored: event.restored })
    this.disconnectedAt = null
  }
}

const percentile = (values, p) => {
  if (values.length === 0) return 0
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]
}

/** The report's text: one line per group, then up to a few examples of what went wrong. */
export function formatReport(rows) {
  const lines = rows.map(r => `${r.group.padEnd(18)} clients=${r.clients} expected=${r.expected} lost=${r.lost}` +
    ` dup=${r.duplicated} out_of_order=${r.outOfOrder} reject_history=${r.rejectHistory} reconnects=${r.reconnects.length}` +
    ` restored=${r.restored} missed_while_away=${r.missedWhileAway} reconnect_ms(min/p50/max)=${r.reconnects.length ? `${Math.min(...r.reconnects)}/` +
      `${percentile(r.reconnects, 0.5)}/${Math.max(...r.reconnects)}` : '-'} unacked_delivered=${r.unacked}`)
  for (const r of rows) lines.push(...r.examples.slice(0, 6).map(e => `  e.g. [${r.group}] ${e}`))
  return lines.join('\n')
}
