// LiveSource on Supabase: Realtime Broadcast on private channels, one per subscribed scope, fed by
// the database triggers of supabase/migrations/20261203300000_live_case_broadcasts.sql and
// authorised by the policy there (the same read scopes as the tables). What can go wrong, and
// what this does about it:
// * the socket drops: supabase-js reconnects and rejoins; the first join after a loss tells the
//   subscriber to catch up (changes made meanwhile were never announced);
// * the socket stays open but goes silent (Realtime lost the database, a proxy drops frames):
//   a slow poll of live_watermark sees changes the feed did not announce and asks for a catch-up;
// * the access token is refreshed: the new one goes to Realtime (setAuth), or Realtime would end
//   the channel when the old one expires;
// * the join is refused (no right to the scope): the subscription says so and stops retrying;
// * the server ends the channel (a revoked right, an expired token): it is joined afresh after a
//   pause, which either succeeds or is refused for good.
import type { RealtimeChannel } from '@supabase/supabase-js'
import type { CatchUpReason, LiveChange, LiveListener, LiveSource, LiveStatus, LiveSubscription } from '../LiveSource'
import type { PinganSupabaseClient } from './client'
import type { Millis } from '~/domain/types'
import { gridPath } from '~/domain/access'
import { DataError } from '../DataSource'
import { isCountyCode, isLiveScope, liveChangeFromPayload } from '../LiveSource'

/** The parts of the client the live feed uses (a narrow seam for tests). */
export type LiveClient = Pick<PinganSupabaseClient, 'auth' | 'channel' | 'removeChannel' | 'realtime' | 'rpc'>

/** Timings of the feed; the defaults suit a wall left running for days. */
export interface SupabaseLiveOptions {
  now?: () => Millis
  /** Poll of live_watermark while the feed is live: the longest a silent socket goes unnoticed (default 60 s). */
  livePollMs?: number
  /** Poll while the feed is down, so the screen stays current without it (default 15 s). */
  offlinePollMs?: number
  /** Pause before joining again after the server ended the channel (default 5 s). */
  rejoinMs?: number
}

/** The Realtime topic of a scope: `grid:` and the grid's path, or the county code. */
export function liveTopic(scopeCode: string): string {
  if (!isLiveScope(scopeCode))
    throw new DataError('invalid', `Cannot follow "${scopeCode}": expected a grid code (15 or 18 digits) or a county code (6 digits)`)
  return `grid:${isCountyCode(scopeCode) ? scopeCode : gridPath(scopeCode)}`
}

interface Watermark {
  cases: number
  versions: number
  lastEventId: number | null
}

function watermarkFromJson(data: unknown): Watermark | null {
  if (typeof data !== 'object' || data === null)
    return null
  const d = data as Record<string, unknown>
  if (typeof d.cases !== 'number' || typeof d.versions !== 'number')
    return null
  return { cases: d.cases, versions: d.versions, lastEventId: typeof d.lastEventId === 'number' ? d.lastEventId : null }
}

function sameWatermark(a: Watermark, b: Watermark): boolean {
  return a.cases === b.cases && a.versions === b.versions && a.lastEventId === b.lastEventId
}

/** Realtime's refusal of a join for want of a read policy. */
function isAuthorisationRefusal(message: string): boolean {
  return /^Unauthorized:|do not have permissions? to read|no longer have permission/i.test(message)
}

type Timings = Required<SupabaseLiveOptions>

/** One subscription: its channel, its poll, and where it stands. */
class ChannelFeed {
  status: LiveStatus
  private freshAt: Millis
  private channel: RealtimeChannel | null = null
  private closed = false
  private wasLive = false
  private noticesSincePoll = 0
  private lostSincePoll = false
  private watermark: Watermark | null = null
  private pollTimer: ReturnType<typeof setTimeout> | null = null
  private rejoinTimer: ReturnType<typeof setTimeout> | null = null

  constructor(
    private client: LiveClient,
    private scopeCode: string,
    private topic: string,
    private listener: LiveListener,
    private timings: Timings,
    private onClose: () => void,
  ) {
    this.status = { state: 'connecting', since: timings.now() }
    this.freshAt = timings.now()
    void this.join()
    // A first poll right away: the baseline later polls are compared with.
    void this.poll()
  }

  freshAsOf(): Millis {
    return this.status.state === 'live' ? this.timings.now() : this.freshAt
  }

  async close(): Promise<void> {
    if (this.closed)
      return
    this.closed = true
    if (this.pollTimer)
      clearTimeout(this.pollTimer)
    if (this.rejoinTimer)
      clearTimeout(this.rejoinTimer)
    const c = this.channel
    this.channel = null
    this.onClose()
    if (c)
      await this.client.removeChannel(c).catch(() => {})
  }

  private setStatus(next: LiveStatus): void {
    if (this.closed || next.state === this.status.state)
      return
    this.status = next
    this.listener.status?.(next)
  }

  private catchUp(reason: CatchUpReason): void {
    if (!this.closed)
      this.listener.catchUp?.(reason)
  }

  private lost(): void {
    this.lostSincePoll = true
    if (this.status.state === 'live')
      this.freshAt = this.timings.now()
    if (this.status.state !== 'denied')
      this.setStatus({ state: 'lost', since: this.timings.now() })
    this.schedulePoll()
  }

  private deny(reason: string): void {
    this.setStatus({ state: 'denied', since: this.timings.now(), reason })
    if (this.pollTimer)
      clearTimeout(this.pollTimer)
    const c = this.channel
    this.channel = null
    if (c)
      void this.client.removeChannel(c).catch(() => {})
  }

  private async join(): Promise<void> {
    // The private channel is authorised with the token the socket holds when it joins, so it must be there first.
    await this.client.realtime.setAuth().catch(() => {})
    if (this.closed)
      return
    let endedBy: string | null = null
    const c = this.client.channel(this.topic, { config: { private: true } })
    this.channel = c
    c.on('broadcast', { event: 'case' }, (message: { payload?: unknown }) => {
      const change: LiveChange | null = liveChangeFromPayload(message.payload)
      if (!change || this.closed || this.channel !== c)
        return
      this.noticesSincePoll++
      this.listener.change?.(change)
    })
    c.on('system', {}, (message: { status?: string, message?: string }) => {
      if (message.status === 'error')
        endedBy = message.message ?? 'the server ended the channel'
    })
    c.subscribe((state, error) => {
      if (this.closed || this.channel !== c)
        return
      if (state === 'SUBSCRIBED') {
        const again = this.wasLive
        this.wasLive = true
        this.setStatus({ state: 'live', since: this.timings.now() })
        if (again)
          this.catchUp('reconnected')
        this.schedulePoll()
      }
      else if (state === 'CHANNEL_ERROR' && error && isAuthorisationRefusal(error.message)) {
        this.deny(error.message)
      }
      else if (state === 'CLOSED') {
        // Ended by the server (Realtime closes a channel whose token expired or whose right was
        // revoked): supabase-js forgets a closed channel, so join afresh after a pause.
        if (endedBy !== null && isAuthorisationRefusal(endedBy))
          return this.deny(endedBy)
        this.channel = null
        this.lost()
        this.rejoinTimer = setTimeout(() => {
          this.rejoinTimer = null
          void this.join()
        }, this.timings.rejoinMs)
      }
      else {
        this.lost()
      }
    })
  }

  private schedulePoll(): void {
    if (this.closed || this.status.state === 'denied')
      return
    if (this.pollTimer)
      clearTimeout(this.pollTimer)
    this.pollTimer = setTimeout(() => void this.poll(), this.status.state === 'live' ? this.timings.livePollMs : this.timings.offlinePollMs)
  }

  private async poll(): Promise<void> {
    this.pollTimer = null
    const startedLive = this.status.state === 'live' && !this.lostSincePoll
    const heard = this.noticesSincePoll
    try {
      const { data, error } = await this.client.rpc('live_watermark', { p_grid_code: this.scopeCode })
      const next = error ? null : watermarkFromJson(data)
      if (next && !this.closed) {
        const changed = this.watermark !== null && !sameWatermark(this.watermark, next)
        this.watermark = next
        this.noticesSincePoll -= heard
        this.lostSincePoll = false
        // Changes while the feed was live and heard something are the feed's; anything else was missed.
        if (changed && !(startedLive && heard > 0))
          this.catchUp('stale')
        if (this.status.state !== 'live')
          this.freshAt = this.timings.now()
      }
    }
    catch {
      // The poll shares the network with the feed; the next one tries again.
    }
    this.schedulePoll()
  }
}

/** The live feed over one supabase-js client, as its signed-in user. */
export class SupabaseLiveSource implements LiveSource {
  readonly mode = 'supabase' as const
  private readonly timings: Timings
  private stopAuthListener: (() => void) | null = null
  private subscriptions = 0

  constructor(private client: LiveClient, options: SupabaseLiveOptions = {}) {
    this.timings = {
      now: options.now ?? Date.now,
      livePollMs: options.livePollMs ?? 60_000,
      offlinePollMs: options.offlinePollMs ?? 15_000,
      rejoinMs: options.rejoinMs ?? 5_000,
    }
  }

  subscribe(scopeCode: string, listener: LiveListener): LiveSubscription {
    const topic = liveTopic(scopeCode)
    this.retain()
    const feed = new ChannelFeed(this.client, scopeCode, topic, listener, this.timings, () => this.release())
    return {
      status: () => feed.status,
      freshAsOf: () => feed.freshAsOf(),
      unsubscribe: () => feed.close(),
    }
  }

  /** Sends each refreshed access token to Realtime while anything is subscribed. */
  private retain(): void {
    if (this.subscriptions++ > 0)
      return
    const { data } = this.client.auth.onAuthStateChange((event, session) => {
      if ((event === 'TOKEN_REFRESHED' || event === 'SIGNED_IN') && session)
        void this.client.realtime.setAuth(session.access_token).catch(() => {})
    })
    this.stopAuthListener = () => data.subscription.unsubscribe()
  }

  private release(): void {
    if (--this.subscriptions > 0)
      return
    this.stopAuthListener?.()
    this.stopAuthListener = null
  }
}
