/**
 * THE place where events change leads, bookings and stages. Stage slugs and the moves
 * automatic events may make come from plugin/pipeline.json, which PHP reads too.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { type AnswerMap } from './answers';
import type { Booker, BookingEvent, BookingSnapshot, BookingStatus } from './events';
import { fitId, normalizeEmail, seatExternalId } from './events';
import { leadDetails } from './lead-details';
import type { BookingChange, BookingRow, LeadRow, Tx } from './store/types';
import { toDbTime } from './time';

const slugs = z.array(z.string());
const definitionSchema = z
  .object({
    default: z.string(),
    stages: z.array(z.object({ slug: z.string(), label: z.string(), group: z.string() })).min(1),
    // Per target stage, the stages a webhook event may move a lead out of.
    automatic: z.object({ booked: slugs, reschedule_requested: slugs, cancelled: slugs, no_show: slugs }),
  })
  .superRefine((definition, ctx) => {
    const known = new Set(definition.stages.map((stage) => stage.slug));
    const used = [definition.default, ...Object.entries(definition.automatic).flatMap(([to, from]) => [to, ...from])];
    for (const slug of used) if (!known.has(slug)) ctx.addIssue({ code: 'custom', message: `unknown stage "${slug}"` });
  });

export type PipelineDefinition = z.infer<typeof definitionSchema>;
type AutomaticStage = keyof PipelineDefinition['automatic'];

export type ApplyResult =
  | { applied: true; leadId: number; bookingId: number | null; created: boolean; message: string }
  | { applied: false; message: string };

/** What the site's settings add to an event (the provider's entry of `solar_capture_providers`). */
export interface ApplyOptions {
  /** Which form questions fill which lead fields (docs/internals.md, "answer_map"). */
  answerMap?: AnswerMap;
}

/** Bookings that still count as the lead's next appointment. */
const UPCOMING: readonly BookingStatus[] = ['accepted', 'pending'];
/** Bookings a cancellation of their series still cancels. */
const LIVE: readonly BookingStatus[] = ['accepted', 'pending', 'awaiting_payment'];
/** How far a booking has come: a delivery never takes it back (a late PAYMENT_INITIATED after BOOKING_PAID). */
const PROGRESS: Partial<Record<BookingStatus, number>> = { awaiting_payment: 0, pending: 1, accepted: 2 };

interface Context {
  tx: Tx;
  provider: string;
  now: string;
  answerMap: AnswerMap;
}

/** What a lead is found or made from: a booking's booker, or a routing form's. */
interface Person {
  booker: Booker;
  leadToken: string | null;
  source?: string;
}

type Cancellation = Extract<BookingEvent, { type: 'booking_cancelled' }>;

export class Pipeline {
  constructor(readonly definition: PipelineDefinition) {}

  /** May a webhook move a lead from `from` to `to`? (A `won` lead is in no list: never moved.) */
  allows(from: string, to: AutomaticStage): boolean {
    return this.definition.automatic[to].includes(from);
  }

  async applyEvent(
    tx: Tx,
    provider: string,
    event: BookingEvent,
    now: Date,
    options: ApplyOptions = {},
  ): Promise<ApplyResult> {
    const c: Context = { tx, provider, now: toDbTime(now), answerMap: options.answerMap ?? {} };
    switch (event.type) {
      case 'booking_created':
        return this.created(c, event);
      case 'booking_rescheduled':
        return this.rescheduled(c, event);
      case 'booking_replaced':
        return this.replaced(c, event);
      case 'booking_cancelled':
        return this.cancelled(c, event);
      case 'booking_rejected':
        return this.rejected(c, event.booking, event.reason);
      case 'booking_no_show':
        return this.noShow(c, event);
      case 'host_no_show':
        return this.hostNoShow(c, event);
      case 'meeting_ended':
        return this.meetingEnded(c, event.externalId);
      case 'form_submitted':
        return this.formSubmitted(c, event);
    }
  }

  private async created(c: Context, e: Extract<BookingEvent, { type: 'booking_created' }>): Promise<ApplyResult> {
    const { booking, status } = e;
    const existing = await this.locate(c, booking);
    const lead = await this.resolveLead(c, booking, existing?.leadId);
    const saved = await this.saveBooking(c, lead, booking, existing, {
      status,
      previousExternalId: e.replaces ? fitId(e.replaces) : null,
    });
    if (!saved.created) await this.adopt(c, saved.row, booking, true);
    // Only the delivery that takes a booking forward changes it: a late creation of a booking
    // cancelled meanwhile, or of one a reschedule already replaced, does not.
    const before = saved.row.status;
    const forward = !saved.created && (PROGRESS[before] ?? 9) < (PROGRESS[status] ?? -1);
    if (forward) {
      await c.tx.updateBooking(saved.row.id, { status, now: c.now });
      // A requested reschedule, confirmed: the booking it replaces is rescheduled now.
      if (status === 'accepted' && saved.row.previousExternalId) await this.replaceOnConfirm(c, saved.row);
      if (status === 'accepted')
        await event(c, lead.id, 'booking_confirmed', {
          booking_id: saved.row.id,
          external_id: booking.externalId,
          ...(before === 'awaiting_payment' ? { paid: true } : {}),
        });
    }
    if (saved.created && saved.row.status === 'awaiting_payment')
      await event(c, lead.id, 'payment_initiated', {
        booking_id: saved.row.id,
        external_id: booking.externalId,
        payment_id: e.paymentId ?? null,
      });
    if ((forward && status === 'accepted') || (saved.created && saved.row.status === 'accepted'))
      await this.move(c, lead, 'booked');
    await leadDetails(c, lead.id, booking, saved.row.id);
    await this.refreshNextBooking(c, lead.id);
    const message = saved.created
      ? saved.row.status === 'awaiting_payment'
        ? 'Booking saved; it waits for its payment.'
        : 'Booking saved.'
      : forward && status === 'accepted'
        ? 'Booking confirmed.'
        : 'Booking already saved; nothing changed.';
    return { applied: true, leadId: lead.id, bookingId: saved.row.id, created: saved.created, message };
  }

  private async rescheduled(
    c: Context,
    e: Extract<BookingEvent, { type: 'booking_rescheduled' }>,
  ): Promise<ApplyResult> {
    const { booking } = e;
    const session = booking.session?.perSeat ? booking.session : null;
    // Same id: the booking moved in place (a calendar-sync time change, Orufy, generic tools; for
    // a seated session, the host moving the whole session).
    const ownId = session ? session.uid : booking.externalId;
    const previousId = e.previousExternalId === ownId ? null : e.previousExternalId;
    const previous = previousId ? await this.locatePrevious(c, previousId, booking) : null;
    const existing = await this.locate(c, booking);
    const lead = await this.resolveLead(c, booking, existing?.leadId ?? previous?.leadId);
    // Where the original has not arrived yet, the id it will be stored under.
    const previousExternalId =
      previous?.externalId ??
      (previousId && session ? seatExternalId(previousId, session.seatId, booking.booker.emailNormalized) : previousId);
    const saved = await this.saveBooking(c, lead, booking, existing, { status: 'accepted', previousExternalId });
    const times = booking.startAt
      ? { startAt: toDbTime(booking.startAt), endAt: booking.endAt ? toDbTime(booking.endAt) : null }
      : {};
    if (!saved.created) {
      await this.adopt(c, saved.row, booking, true);
      await c.tx.updateBooking(saved.row.id, {
        ...times,
        previousExternalId: previousExternalId ?? undefined,
        now: c.now,
      });
    }
    if (previous)
      await c.tx.updateBooking(previous.id, { status: 'rescheduled', nextExternalId: booking.externalId, now: c.now });
    await event(c, lead.id, 'booking_rescheduled', {
      booking_id: saved.row.id,
      external_id: booking.externalId,
      previous_external_id: previousExternalId,
      from: previous?.startAt ?? (saved.created ? null : saved.row.startAt),
      to: times.startAt ?? saved.row.startAt,
      rescheduled_by: e.rescheduledBy || null,
      ...(e.reason ? { reason: e.reason } : {}),
    });
    // The host moved the whole session: every other seat moves with it.
    if (session && e.previousExternalId === session.uid && times.startAt)
      await this.moveOtherSeats(c, session.uid, saved.row.id, times);
    // A booking cancelled (or replaced) before this delivery arrived stays so, and so does its lead.
    if (UPCOMING.includes(saved.row.status)) await this.move(c, lead, 'booked');
    await leadDetails(c, lead.id, booking, saved.row.id);
    await this.settleCancelledChain(c, lead, saved.row.status);
    return {
      applied: true,
      leadId: lead.id,
      bookingId: saved.row.id,
      created: saved.created,
      message: 'Booking rescheduled.',
    };
  }

  /** Marks the booking a confirmed reschedule request replaces as rescheduled (if it is still live). */
  private async replaceOnConfirm(c: Context, row: BookingRow): Promise<void> {
    const previous = row.previousExternalId ? await c.tx.findBooking(c.provider, row.previousExternalId) : null;
    if (previous && LIVE.includes(previous.status))
      await c.tx.updateBooking(previous.id, { status: 'rescheduled', nextExternalId: row.externalId, now: c.now });
  }

  /** The booking a reschedule replaces: for a seat, the same person's seat of the old session. */
  private async locatePrevious(c: Context, previousId: string, booking: BookingSnapshot): Promise<BookingRow | null> {
    const session = booking.session?.perSeat ? booking.session : null;
    if (!session) return c.tx.findBooking(c.provider, previousId);
    const email = booking.booker.emailNormalized;
    return (
      (await this.locateSeat(c, previousId, session.seatId, email)) ??
      // A release that names the old seat by its seat id rather than the booking's uid.
      (session.seatId === previousId ? null : await this.locateSeat(c, previousId, null, email))
    );
  }

  /** The other seats of a session the host moved: new times, a timeline entry each. */
  private async moveOtherSeats(
    c: Context,
    uid: string,
    movedId: number,
    times: { startAt: string; endAt: string | null },
  ): Promise<void> {
    for (const seat of await c.tx.findSessionBookings(c.provider, uid)) {
      if (seat.id === movedId || !UPCOMING.includes(seat.status) || seat.leadId === null) continue;
      await c.tx.updateBooking(seat.id, { ...times, now: c.now });
      await event(c, seat.leadId, 'booking_rescheduled', {
        booking_id: seat.id,
        external_id: seat.externalId,
        previous_external_id: null,
        from: seat.startAt,
        to: times.startAt,
        rescheduled_by: null,
        session_moved: true,
      });
      await this.refreshNextBooking(c, seat.leadId);
    }
  }

  /** The old booking of a reschedule: marked rescheduled and linked forward; the lead never passes through cancelled. */
  private async replaced(c: Context, e: Extract<BookingEvent, { type: 'booking_replaced' }>): Promise<ApplyResult> {
    const existing = await this.locate(c, e.booking);
    const next = e.nextExternalId ? await c.tx.findBooking(c.provider, e.nextExternalId) : null;
    const lead = await this.resolveLead(c, e.booking, existing?.leadId ?? next?.leadId);
    const saved = await this.saveBooking(c, lead, e.booking, existing, {
      status: 'rescheduled',
      nextExternalId: e.nextExternalId,
    });
    if (!saved.created)
      await c.tx.updateBooking(saved.row.id, {
        status: 'rescheduled',
        nextExternalId: e.nextExternalId ?? undefined,
        now: c.now,
      });
    if (next) await c.tx.updateBooking(next.id, { previousExternalId: e.booking.externalId, now: c.now });
    await event(c, lead.id, 'booking_replaced', {
      booking_id: saved.row.id,
      external_id: e.booking.externalId,
      next_external_id: e.nextExternalId,
      reason: e.reason || null,
    });
    await this.settleCancelledChain(c, lead, next?.status);
    return {
      applied: true,
      leadId: lead.id,
      bookingId: saved.row.id,
      created: saved.created,
      message: 'Booking replaced by its rescheduled booking.',
    };
  }

  private async cancelled(c: Context, e: Cancellation): Promise<ApplyResult> {
    const { booking } = e;
    const change = {
      cancelReason: e.reason || null,
      cancelledBy: e.cancelledBy || null,
      cancelledByRole: e.cancelledByRole || null,
    };
    const targets = await this.cancelTargets(c, booking);
    // A cancellation seen before its booking: the booking is made, already cancelled.
    if (targets.length === 0) {
      const lead = await this.resolveLead(c, booking, undefined);
      const saved = await this.saveBooking(c, lead, booking, null, { status: 'cancelled', ...change });
      targets.push({ row: saved.row, lead, created: saved.created });
    }
    for (const target of targets) {
      if (!target.created) {
        await this.adopt(c, target.row, booking, false);
        await c.tx.updateBooking(target.row.id, { status: 'cancelled', ...change, now: c.now });
      }
    }
    const [first] = targets;
    const series =
      e.scope === 'remaining_series' ? await this.cancelRestOfSeries(c, first.row, booking, change) : null;
    // Timeline and stage, once per lead (a host cancelling a seated session cancels several).
    const done = new Set<number>();
    for (const { row, lead } of targets) {
      if (done.has(lead.id)) continue;
      done.add(lead.id);
      await event(c, lead.id, 'booking_cancelled', {
        booking_id: row.id,
        external_id: row.externalId,
        reason: e.reason || null,
        cancelled_by: e.cancelledBy || null,
        cancelled_by_role: e.cancelledByRole || null,
        request_reschedule: e.requestReschedule,
        ...(booking.session?.perSeat ? { seat: true } : {}),
        ...(series ? { series_cancelled: series.length, series_external_ids: series.slice(0, 50) } : {}),
      });
      const next = await this.refreshNextBooking(c, lead.id);
      if (e.requestReschedule) await this.move(c, lead, 'reschedule_requested');
      else if (next === null) await this.move(c, lead, 'cancelled');
    }
    const message = e.requestReschedule
      ? 'Reschedule requested.'
      : series === null
        ? 'Booking cancelled.'
        : series.length > 0
          ? `Booking cancelled with the ${series.length} later occurrence${series.length === 1 ? '' : 's'} of its series.`
          : 'Booking cancelled with the rest of its series; no later occurrence of the series is known.';
    return { applied: true, leadId: first.lead.id, bookingId: first.row.id, created: first.created, message };
  }

  /**
   * The bookings a cancellation cancels. One booking, usually; for a seated session the seats of
   * the people it names (a seat holder leaving names only themselves, a host cancelling the
   * session names everyone), or the seat it names by id.
   */
  private async cancelTargets(
    c: Context,
    booking: BookingSnapshot,
  ): Promise<{ row: BookingRow; lead: LeadRow; created: boolean }[]> {
    const session = booking.session?.perSeat ? booking.session : null;
    let rows: BookingRow[] = [];
    if (!session?.seatId) {
      const uid = session ? session.uid : booking.externalId;
      const named = new Set([booking.booker.emailNormalized, ...booking.guests.map((g) => normalizeEmail(g.email))]);
      const exact = await c.tx.findBooking(c.provider, uid);
      const seats = await c.tx.findSessionBookings(c.provider, uid);
      rows = [...(exact ? [exact] : []), ...seats].filter(
        (row, i, all) => named.has(normalizeEmail(row.attendeeEmail)) && all.findIndex((r) => r.id === row.id) === i,
      );
      // Not a session: the booking is the booking, whoever the tool names.
      if (exact && seats.length === 0 && !session) rows = [exact];
    }
    if (rows.length === 0) {
      const one = await this.locate(c, booking);
      if (one) rows = [one];
    }
    const targets: { row: BookingRow; lead: LeadRow; created: boolean }[] = [];
    for (const row of rows) {
      // The booker's lead is found (or made) as for any booking; another seat's is its own.
      const lead =
        normalizeEmail(row.attendeeEmail) === booking.booker.emailNormalized || row.leadId === null
          ? await this.resolveLead(c, booking, row.leadId)
          : await c.tx.findLeadById(row.leadId);
      if (lead) targets.push({ row, lead, created: false });
    }
    return targets;
  }

  /**
   * "Cancel all remaining": this occurrence and every later one of its series. The occurrence is
   * marked, so that a later occurrence whose creation arrives after this is saved cancelled.
   * Returns the external ids of the other occurrences it cancelled.
   */
  private async cancelRestOfSeries(
    c: Context,
    row: BookingRow,
    booking: BookingSnapshot,
    change: Pick<BookingChange, 'cancelReason' | 'cancelledBy' | 'cancelledByRole'>,
  ): Promise<string[]> {
    const seriesId = row.seriesId ?? booking.seriesId ?? null;
    const start = row.startAt ?? (booking.startAt ? toDbTime(booking.startAt) : null);
    await c.tx.updateBooking(row.id, { cancelScope: 'series', seriesId: seriesId ?? undefined, now: c.now });
    if (!seriesId || !start) return [];
    const cancelled: string[] = [];
    const leads = new Set<number>();
    for (const later of await c.tx.findSeriesBookings(c.provider, seriesId, start)) {
      if (later.id === row.id || !LIVE.includes(later.status)) continue;
      await c.tx.updateBooking(later.id, { status: 'cancelled', ...change, now: c.now });
      cancelled.push(later.externalId);
      if (later.leadId !== null && later.leadId !== row.leadId) leads.add(later.leadId);
    }
    // Occurrences on another lead (the series was booked under another address): their stage follows too.
    for (const leadId of leads) {
      const lead = await c.tx.findLeadById(leadId);
      if (lead && (await this.refreshNextBooking(c, leadId)) === null) await this.move(c, lead, 'cancelled');
    }
    return cancelled;
  }

  private async rejected(c: Context, booking: BookingSnapshot, reason: string): Promise<ApplyResult> {
    const existing = await this.locate(c, booking);
    const lead = await this.resolveLead(c, booking, existing?.leadId);
    const saved = await this.saveBooking(c, lead, booking, existing, {
      status: 'rejected',
      cancelReason: reason || null,
    });
    if (!saved.created) {
      await this.adopt(c, saved.row, booking, false);
      await c.tx.updateBooking(saved.row.id, { status: 'rejected', cancelReason: reason || null, now: c.now });
    }
    await event(c, lead.id, 'booking_rejected', {
      booking_id: saved.row.id,
      external_id: booking.externalId,
      reason: reason || null,
    });
    await this.refreshNextBooking(c, lead.id);
    return {
      applied: true,
      leadId: lead.id,
      bookingId: saved.row.id,
      created: saved.created,
      message: 'Booking request rejected.',
    };
  }

  /**
   * A no-show mark or unmark of the people it names: each named person's booking (for a seated
   * session, their seat) and lead. Marking keeps the lead's stage; unmarking restores it.
   */
  private async noShow(c: Context, e: Extract<BookingEvent, { type: 'booking_no_show' }>): Promise<ApplyResult> {
    const rows = await this.bookingsOf(c, e.externalId);
    if (rows.length === 0)
      return {
        applied: false,
        message: `Booking ${e.externalId} is not known to Solar Capture, so its no-show was not recorded.`,
      };
    const marks = new Map(e.attendees.map((a) => [a.email, a.noShow]));
    const named = rows.filter((row) => marks.has(normalizeEmail(row.attendeeEmail)));
    const timeline = named.length ? named : rows.slice(0, 1);
    const written = new Set<number>();
    for (const row of timeline) {
      const lead = row.leadId === null ? null : await c.tx.findLeadById(row.leadId);
      if (!lead) continue;
      if (!written.has(lead.id)) {
        written.add(lead.id);
        await event(c, lead.id, 'booking_no_show', {
          booking_id: row.id,
          external_id: e.externalId,
          attendees: e.attendees,
          ...(e.source === 'cal_video' ? { source: 'cal_video' } : {}),
        });
      }
      const mark = marks.get(normalizeEmail(row.attendeeEmail));
      if (mark === true && row.status !== 'no_show') {
        await c.tx.updateBooking(row.id, { status: 'no_show', preNoShowStage: lead.stage, now: c.now });
        await this.move(c, lead, 'no_show');
      } else if (mark === false && row.status === 'no_show') {
        await c.tx.updateBooking(row.id, { status: 'accepted', preNoShowStage: null, now: c.now });
        await this.restore(c, lead, row.preNoShowStage ?? 'booked');
      }
      await this.refreshNextBooking(c, lead.id);
    }
    const [first] = timeline;
    if (first.leadId === null) return { applied: false, message: `Booking ${e.externalId} has no lead.` };
    return { applied: true, leadId: first.leadId, bookingId: first.id, created: false, message: 'No-show updated.' };
  }

  /** Cal Video saw no host join: on the timeline of each lead of the booking; no stage changes. */
  private async hostNoShow(c: Context, e: Extract<BookingEvent, { type: 'host_no_show' }>): Promise<ApplyResult> {
    const rows = (await this.bookingsOf(c, e.externalId)).filter((row) => row.leadId !== null);
    if (rows.length === 0)
      return {
        applied: false,
        message: `Booking ${e.externalId} is not known to Solar Capture, so the host's no-show was not recorded.`,
      };
    const written = new Set<number>();
    for (const row of rows) {
      if (row.leadId === null || written.has(row.leadId)) continue;
      written.add(row.leadId);
      await event(c, row.leadId, 'host_no_show', {
        booking_id: row.id,
        external_id: e.externalId,
        host_email: e.hostEmail || null,
        message: e.message || null,
      });
    }
    const [first] = rows;
    return {
      applied: true,
      leadId: first.leadId as number,
      bookingId: first.id,
      created: false,
      message: 'The host did not join the call: noted on the timeline.',
    };
  }

  private async meetingEnded(c: Context, externalId: string): Promise<ApplyResult> {
    const rows = (await this.bookingsOf(c, externalId)).filter((row) => row.leadId !== null);
    if (rows.length === 0)
      return {
        applied: false,
        message: `Booking ${externalId} is not known to Solar Capture, so its meeting end was not recorded.`,
      };
    for (const row of rows) {
      if (row.status === 'accepted') await c.tx.updateBooking(row.id, { status: 'completed', now: c.now });
      await event(c, row.leadId as number, 'meeting_ended', { booking_id: row.id, external_id: externalId });
    }
    const [first] = rows;
    return {
      applied: true,
      leadId: first.leadId as number,
      bookingId: first.id,
      created: false,
      message: 'Meeting end recorded.',
    };
  }

  /** A routing form: the lead (found or new, stage unchanged), every answer on its timeline, blank fields filled. */
  private async formSubmitted(c: Context, e: Extract<BookingEvent, { type: 'form_submitted' }>): Promise<ApplyResult> {
    const known = await this.findLead(c, e);
    const lead = known ?? (await this.resolveLead(c, e, undefined));
    await event(c, lead.id, 'routing_form_submitted', {
      form_id: e.form.id || null,
      form_name: e.form.name || null,
      answers: e.answers,
      ...(e.answersDropped ? { answers_dropped: e.answersDropped } : {}),
      ...(e.result ? { result: e.result } : {}),
    });
    await leadDetails(c, lead.id, { answers: e.answers, attribution: e.attribution, leadToken: e.leadToken }, null);
    return {
      applied: true,
      leadId: lead.id,
      bookingId: null,
      created: known === null,
      message: known ? 'Form answers added to the lead.' : 'Lead saved from the form.',
    };
  }

  /** Every booking a provider's booking id names: the booking itself, or the seats of its session. */
  private async bookingsOf(c: Context, uid: string): Promise<BookingRow[]> {
    const exact = await c.tx.findBooking(c.provider, uid);
    const seats = await c.tx.findSessionBookings(c.provider, uid);
    return [...(exact ? [exact] : []), ...seats.filter((seat) => seat.id !== exact?.id)];
  }

  /** The stored booking a snapshot describes; for a seat, found by seat id or its holder's e-mail. */
  private async locate(c: Context, booking: BookingSnapshot): Promise<BookingRow | null> {
    const exact = await c.tx.findBooking(c.provider, booking.externalId);
    const session = booking.session?.perSeat ? booking.session : null;
    if (exact || !session) return exact;
    return this.locateSeat(c, session.uid, session.seatId, booking.booker.emailNormalized);
  }

  private async locateSeat(c: Context, uid: string, seatId: string | null, email: string): Promise<BookingRow | null> {
    const found = seatId
      ? ((await c.tx.findBooking(c.provider, seatExternalId(uid, seatId, email))) ??
        (await c.tx.findSeat(c.provider, uid, seatId)) ??
        // Saved from a delivery that named no seat id.
        (await c.tx.findSeatByEmail(c.provider, uid, email, true)))
      : ((await c.tx.findBooking(c.provider, seatExternalId(uid, null, email))) ??
        (await c.tx.findSeatByEmail(c.provider, uid, email, false)));
    if (found) return found;
    // Saved before seats were told apart: under the session's own uid, held by this person.
    const legacy = await c.tx.findBooking(c.provider, uid);
    return legacy && legacy.bookingUid === null && normalizeEmail(legacy.attendeeEmail) === email ? legacy : null;
  }

  /**
   * Brings a stored booking up to what the delivery knows: its session and seat (a row saved
   * before seats were told apart), and, from a delivery that describes the booking, its answers
   * and location.
   */
  private async adopt(c: Context, row: BookingRow, booking: BookingSnapshot, describes: boolean): Promise<void> {
    const change: BookingChange = { now: c.now };
    const session = booking.session;
    if (session && row.bookingUid !== session.uid) change.bookingUid = session.uid;
    if (session?.seatId && row.seatId !== session.seatId) change.seatId = session.seatId;
    if (booking.seriesId && !row.seriesId) change.seriesId = booking.seriesId;
    if (describes && booking.answers?.length) change.answers = JSON.stringify(booking.answers);
    if (describes && booking.location) {
      change.location = booking.location.value;
      change.locationType = booking.location.type;
    }
    if (Object.keys(change).length > 1) await c.tx.updateBooking(row.id, change);
  }

  /** A lead that exists: our lead token, then the e-mail. */
  private async findLead(c: Context, person: Person): Promise<LeadRow | null> {
    return (
      (person.leadToken ? await c.tx.findLeadByToken(person.leadToken) : null) ??
      (await c.tx.findLeadByEmail(person.booker.emailNormalized))
    );
  }

  /** The booking's own lead, then our lead token, then the booker's e-mail; else a new lead. */
  private async resolveLead(c: Context, person: Person, bookingLeadId: number | null | undefined): Promise<LeadRow> {
    const { booker } = person;
    const found = (bookingLeadId ? await c.tx.findLeadById(bookingLeadId) : null) ?? (await this.findLead(c, person));
    if (found) {
      await c.tx.fillLeadBlanks(found.id, booker, c.now);
      return found;
    }
    const stage = this.definition.default;
    const id = await c.tx.insertLead({
      email: booker.email,
      emailNormalized: booker.emailNormalized,
      name: booker.name,
      phone: booker.phone,
      source: person.source ?? c.provider,
      stage,
      leadToken: randomBytes(16).toString('hex'),
      now: c.now,
    });
    if (id === null) {
      // Another writer created it between our lookup and insert (possible on MySQL).
      const winner = await c.tx.findLeadByEmail(booker.emailNormalized);
      if (!winner) throw new Error(`lead ${booker.emailNormalized} neither inserted nor found`);
      return winner;
    }
    await event(c, id, 'lead_created', { source: person.source ?? c.provider });
    return { id, stage };
  }

  /**
   * Returns the existing booking, or inserts it with `fields` and a `booking_created` event.
   * A booking that a later one says it replaced (a reschedule seen first) is saved as rescheduled;
   * an occurrence of a series whose earlier occurrence cancelled "all remaining" is saved cancelled.
   */
  private async saveBooking(
    c: Context,
    lead: LeadRow,
    booking: BookingSnapshot,
    existing: BookingRow | null,
    fields: {
      status: BookingStatus;
      previousExternalId?: string | null;
      nextExternalId?: string | null;
      cancelReason?: string | null;
      cancelledBy?: string | null;
      cancelledByRole?: string | null;
    },
  ): Promise<{ row: BookingRow; created: boolean }> {
    if (existing) return { row: existing, created: false };
    // (A reschedule still waiting for the host's confirmation replaces nothing yet.)
    const replacing = await c.tx.findBookingReplacing(c.provider, booking.externalId, lead.id);
    const replacement = replacing && replacing.status !== 'pending' ? replacing : null;
    const startAt = booking.startAt ? toDbTime(booking.startAt) : null;
    const seriesCancelled =
      booking.seriesId && startAt && LIVE.includes(fields.status)
        ? await c.tx.findSeriesCancellation(c.provider, booking.seriesId, startAt)
        : null;
    const status = replacement ? 'rescheduled' : seriesCancelled ? 'cancelled' : fields.status;
    const session = booking.session ?? null;
    const row: BookingRow = {
      id: 0,
      leadId: lead.id,
      externalId: booking.externalId,
      status,
      startAt,
      attendeeEmail: booking.booker.email,
      bookingUid: session?.uid ?? null,
      seatId: session?.seatId ?? null,
      seriesId: booking.seriesId ?? null,
      cancelScope: null,
      preNoShowStage: null,
      previousExternalId: fields.previousExternalId ?? null,
    };
    const id = await c.tx.insertBooking({
      leadId: lead.id,
      provider: c.provider,
      externalId: booking.externalId,
      status,
      title: booking.title,
      startAt,
      endAt: booking.endAt ? toDbTime(booking.endAt) : null,
      timeZone: booking.booker.timeZone,
      attendeeEmail: booking.booker.email,
      guests: JSON.stringify(booking.guests),
      previousExternalId: fields.previousExternalId ?? null,
      nextExternalId: replacement?.externalId ?? fields.nextExternalId ?? null,
      cancelReason: fields.cancelReason ?? null,
      bookingUid: row.bookingUid,
      seatId: row.seatId,
      seats: session?.seats ?? null,
      seriesId: row.seriesId,
      location: booking.location?.value ?? null,
      locationType: booking.location?.type ?? '',
      answers: booking.answers?.length ? JSON.stringify(booking.answers) : null,
      cancelledBy: fields.cancelledBy ?? null,
      cancelledByRole: fields.cancelledByRole ?? null,
      cancelScope: null,
      now: c.now,
    });
    if (id === null) {
      const winner = await c.tx.findBooking(c.provider, booking.externalId);
      if (!winner) throw new Error(`booking ${c.provider}/${booking.externalId} neither inserted nor found`);
      return { row: winner, created: false };
    }
    await event(c, lead.id, 'booking_created', {
      booking_id: id,
      external_id: booking.externalId,
      title: booking.title,
      start_at: startAt,
      status,
      guests: booking.guests.length,
      ...(session ? { session: { uid: session.uid, seat_id: session.seatId, seats: session.seats } } : {}),
      ...(booking.seriesId ? { series_id: booking.seriesId } : {}),
      ...(booking.location ? { location: booking.location } : {}),
      ...(booking.answers?.length ? { answers: booking.answers.length } : {}),
      ...(booking.answersDropped ? { answers_dropped: booking.answersDropped } : {}),
    });
    return { row: { ...row, id }, created: true };
  }

  /** Moves the lead if pipeline.json allows it, with a `stage_changed` event. */
  private async move(c: Context, lead: LeadRow, to: AutomaticStage): Promise<void> {
    if (lead.stage === to || !this.allows(lead.stage, to)) return;
    await c.tx.setLeadStage(lead.id, to, c.now);
    await event(c, lead.id, 'stage_changed', { from: lead.stage, to });
    lead.stage = to;
  }

  /** A no-show taken back: the lead returns to the stage it had before, if it is still a no-show. */
  private async restore(c: Context, lead: LeadRow, to: string): Promise<void> {
    if (lead.stage !== 'no_show' || to === 'no_show' || !this.definition.stages.some((s) => s.slug === to)) return;
    await c.tx.setLeadStage(lead.id, to, c.now);
    await event(c, lead.id, 'stage_changed', { from: lead.stage, to, restored: true });
    lead.stage = to;
  }

  /**
   * Refreshes next_booking_at after a link in a reschedule chain arrived. When the chain's newest
   * booking was cancelled before this delivery came and nothing upcoming is left, the lead is
   * cancelled: the cancellation was judged while the older booking still looked upcoming, and the
   * end state must not depend on the order the deliveries arrived in.
   */
  private async settleCancelledChain(c: Context, lead: LeadRow, newest: BookingStatus | undefined): Promise<void> {
    const next = await this.refreshNextBooking(c, lead.id);
    if (next === null && newest === 'cancelled') await this.move(c, lead, 'cancelled');
  }

  /** next_booking_at = earliest future start among the lead's upcoming bookings; also bumps updated_at. */
  private async refreshNextBooking(c: Context, leadId: number): Promise<string | null> {
    const next = await c.tx.earliestBookingStart(leadId, c.now, UPCOMING);
    await c.tx.setNextBookingAt(leadId, next, c.now);
    return next;
  }
}

function event(c: Context, leadId: number, type: string, data: Record<string, unknown>): Promise<void> {
  return c.tx.addEvent({ leadId, type, data, actor: c.provider, now: c.now });
}

/** Reads and checks plugin/pipeline.json; throws with the file name and the problem. */
export function loadPipeline(file: string): Pipeline {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`Cannot read the pipeline file ${file}: ${(error as Error).message}`);
  }
  const parsed = definitionSchema.safeParse(json);
  if (!parsed.success)
    throw new Error(`Invalid pipeline file ${file}: ${z.prettifyError(parsed.error).replace(/\n/g, ' ')}`);
  return new Pipeline(parsed.data);
}
