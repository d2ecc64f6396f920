/**
 * THE place where events change leads, bookings and stages. Stage slugs and the moves
 * automatic events may make come from plugin/pipeline.json, which PHP reads too.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { BookingEvent, BookingSnapshot, BookingStatus } from './events';
import type { BookingRow, LeadRow, Tx } from './store/types';
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
  | { applied: true; leadId: number; bookingId: number; created: boolean; message: string }
  | { applied: false; message: string };

/** Bookings that still count as the lead's next appointment. */
const UPCOMING: readonly BookingStatus[] = ['accepted', 'pending'];

interface Context {
  tx: Tx;
  provider: string;
  now: string;
}

export class Pipeline {
  constructor(readonly definition: PipelineDefinition) {}

  /** May a webhook move a lead from `from` to `to`? (A `won` lead is in no list: never moved.) */
  allows(from: string, to: AutomaticStage): boolean {
    return this.definition.automatic[to].includes(from);
  }

  async applyEvent(tx: Tx, provider: string, event: BookingEvent, now: Date): Promise<ApplyResult> {
    const c: Context = { tx, provider, now: toDbTime(now) };
    switch (event.type) {
      case 'booking_created':
        return this.created(c, event.booking, event.status);
      case 'booking_rescheduled':
        return this.rescheduled(c, event.booking, event.previousExternalId, event.rescheduledBy);
      case 'booking_replaced':
        return this.replaced(c, event);
      case 'booking_cancelled':
        return this.cancelled(c, event);
      case 'booking_rejected':
        return this.rejected(c, event.booking, event.reason);
      case 'booking_no_show':
        return this.noShow(c, event.externalId, event.attendees);
      case 'meeting_ended':
        return this.meetingEnded(c, event.externalId);
    }
  }

  private async created(c: Context, booking: BookingSnapshot, status: 'accepted' | 'pending'): Promise<ApplyResult> {
    const existing = await c.tx.findBooking(c.provider, booking.externalId);
    const lead = await this.resolveLead(c, booking, existing?.leadId);
    const saved = await this.saveBooking(c, lead, booking, existing, { status });
    // Only the delivery that makes a booking accepted moves the stage: a late creation of a
    // booking cancelled meanwhile, or of one a reschedule already replaced, does not.
    const confirms = !saved.created && saved.row.status === 'pending' && status === 'accepted';
    if (confirms) {
      await c.tx.updateBooking(saved.row.id, { status, now: c.now });
      await event(c, lead.id, 'booking_confirmed', { booking_id: saved.row.id, external_id: booking.externalId });
    }
    if (confirms || (saved.created && saved.row.status === 'accepted')) await this.move(c, lead, 'booked');
    await this.refreshNextBooking(c, lead.id);
    const message = saved.created
      ? 'Booking saved.'
      : confirms
        ? 'Booking confirmed.'
        : 'Booking already saved; nothing changed.';
    return { applied: true, leadId: lead.id, bookingId: saved.row.id, created: saved.created, message };
  }

  private async rescheduled(
    c: Context,
    booking: BookingSnapshot,
    previousExternalId: string | null,
    rescheduledBy: string,
  ): Promise<ApplyResult> {
    // Same id: the booking moved in place (Orufy, generic tools).
    const previousId = previousExternalId === booking.externalId ? null : previousExternalId;
    const previous = previousId ? await c.tx.findBooking(c.provider, previousId) : null;
    const existing = await c.tx.findBooking(c.provider, booking.externalId);
    const lead = await this.resolveLead(c, booking, existing?.leadId ?? previous?.leadId);
    const saved = await this.saveBooking(c, lead, booking, existing, {
      status: 'accepted',
      previousExternalId: previousId,
    });
    const times = booking.startAt
      ? { startAt: toDbTime(booking.startAt), endAt: booking.endAt ? toDbTime(booking.endAt) : null }
      : {};
    if (!saved.created)
      await c.tx.updateBooking(saved.row.id, { ...times, previousExternalId: previousId ?? undefined, now: c.now });
    if (previous)
      await c.tx.updateBooking(previous.id, { status: 'rescheduled', nextExternalId: booking.externalId, now: c.now });
    await event(c, lead.id, 'booking_rescheduled', {
      booking_id: saved.row.id,
      external_id: booking.externalId,
      previous_external_id: previousId,
      from: previous?.startAt ?? (saved.created ? null : saved.row.startAt),
      to: times.startAt ?? saved.row.startAt,
      rescheduled_by: rescheduledBy || null,
    });
    // A booking cancelled (or replaced) before this delivery arrived stays so, and so does its lead.
    if (UPCOMING.includes(saved.row.status)) await this.move(c, lead, 'booked');
    await this.settleCancelledChain(c, lead, saved.row.status);
    return {
      applied: true,
      leadId: lead.id,
      bookingId: saved.row.id,
      created: saved.created,
      message: 'Booking rescheduled.',
    };
  }

  /** The old booking of a reschedule: marked rescheduled and linked forward; the lead never passes through cancelled. */
  private async replaced(c: Context, e: Extract<BookingEvent, { type: 'booking_replaced' }>): Promise<ApplyResult> {
    const existing = await c.tx.findBooking(c.provider, e.booking.externalId);
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

  private async cancelled(c: Context, e: Extract<BookingEvent, { type: 'booking_cancelled' }>): Promise<ApplyResult> {
    const existing = await c.tx.findBooking(c.provider, e.booking.externalId);
    const lead = await this.resolveLead(c, e.booking, existing?.leadId);
    const saved = await this.saveBooking(c, lead, e.booking, existing, {
      status: 'cancelled',
      cancelReason: e.reason || null,
    });
    if (!saved.created)
      await c.tx.updateBooking(saved.row.id, { status: 'cancelled', cancelReason: e.reason || null, now: c.now });
    await event(c, lead.id, 'booking_cancelled', {
      booking_id: saved.row.id,
      external_id: e.booking.externalId,
      reason: e.reason || null,
      cancelled_by: e.cancelledBy || null,
      request_reschedule: e.requestReschedule,
    });
    const next = await this.refreshNextBooking(c, lead.id);
    if (e.requestReschedule) await this.move(c, lead, 'reschedule_requested');
    else if (next === null) await this.move(c, lead, 'cancelled');
    const message = e.requestReschedule ? 'Reschedule requested.' : 'Booking cancelled.';
    return { applied: true, leadId: lead.id, bookingId: saved.row.id, created: saved.created, message };
  }

  private async rejected(c: Context, booking: BookingSnapshot, reason: string): Promise<ApplyResult> {
    const existing = await c.tx.findBooking(c.provider, booking.externalId);
    const lead = await this.resolveLead(c, booking, existing?.leadId);
    const saved = await this.saveBooking(c, lead, booking, existing, {
      status: 'rejected',
      cancelReason: reason || null,
    });
    if (!saved.created)
      await c.tx.updateBooking(saved.row.id, { status: 'rejected', cancelReason: reason || null, now: c.now });
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

  private async noShow(
    c: Context,
    externalId: string,
    attendees: { email: string; noShow: boolean }[],
  ): Promise<ApplyResult> {
    const known = await this.knownBooking(c, externalId);
    if (!known)
      return {
        applied: false,
        message: `Booking ${externalId} is not known to Solar Capture, so its no-show was not recorded.`,
      };
    const { booking, lead } = known;
    // Only the booker's mark moves the booking and the lead; guests' marks go to the timeline.
    const booker = attendees.find((attendee) => attendee.email === booking.attendeeEmail.toLowerCase());
    await event(c, lead.id, 'booking_no_show', { booking_id: booking.id, external_id: externalId, attendees });
    if (booker?.noShow && booking.status !== 'no_show') {
      await c.tx.updateBooking(booking.id, { status: 'no_show', now: c.now });
      await this.move(c, lead, 'no_show');
    } else if (booker && !booker.noShow && booking.status === 'no_show') {
      await c.tx.updateBooking(booking.id, { status: 'accepted', now: c.now });
      await this.move(c, lead, 'booked');
    }
    await this.refreshNextBooking(c, lead.id);
    return { applied: true, leadId: lead.id, bookingId: booking.id, created: false, message: 'No-show updated.' };
  }

  private async meetingEnded(c: Context, externalId: string): Promise<ApplyResult> {
    const known = await this.knownBooking(c, externalId);
    if (!known)
      return {
        applied: false,
        message: `Booking ${externalId} is not known to Solar Capture, so its meeting end was not recorded.`,
      };
    const { booking, lead } = known;
    if (booking.status === 'accepted') await c.tx.updateBooking(booking.id, { status: 'completed', now: c.now });
    await event(c, lead.id, 'meeting_ended', { booking_id: booking.id, external_id: externalId });
    return { applied: true, leadId: lead.id, bookingId: booking.id, created: false, message: 'Meeting end recorded.' };
  }

  private async knownBooking(c: Context, externalId: string): Promise<{ booking: BookingRow; lead: LeadRow } | null> {
    const booking = await c.tx.findBooking(c.provider, externalId);
    const lead = booking?.leadId ? await c.tx.findLeadById(booking.leadId) : null;
    return booking && lead ? { booking, lead } : null;
  }

  /** The booking's own lead, then our lead token, then the booker's e-mail; else a new lead. */
  private async resolveLead(
    c: Context,
    booking: BookingSnapshot,
    bookingLeadId: number | null | undefined,
  ): Promise<LeadRow> {
    const { booker } = booking;
    const found =
      (bookingLeadId ? await c.tx.findLeadById(bookingLeadId) : null) ??
      (booking.leadToken ? await c.tx.findLeadByToken(booking.leadToken) : null) ??
      (await c.tx.findLeadByEmail(booker.emailNormalized));
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
      source: booking.source ?? c.provider,
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
    await event(c, id, 'lead_created', { source: booking.source ?? c.provider });
    return { id, stage };
  }

  /**
   * Returns the existing booking, or inserts it with `fields` and a `booking_created` event.
   * A booking that a later one says it replaced (a reschedule seen first) is saved as rescheduled.
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
    },
  ): Promise<{ row: BookingRow; created: boolean }> {
    if (existing) return { row: existing, created: false };
    const replacement = await c.tx.findBookingReplacing(c.provider, booking.externalId, lead.id);
    const status = replacement ? 'rescheduled' : fields.status;
    const row = {
      leadId: lead.id,
      externalId: booking.externalId,
      status,
      startAt: booking.startAt ? toDbTime(booking.startAt) : null,
      attendeeEmail: booking.booker.email,
    };
    const id = await c.tx.insertBooking({
      ...row,
      provider: c.provider,
      title: booking.title,
      endAt: booking.endAt ? toDbTime(booking.endAt) : null,
      timeZone: booking.booker.timeZone,
      guests: JSON.stringify(booking.guests),
      previousExternalId: fields.previousExternalId ?? null,
      nextExternalId: replacement?.externalId ?? fields.nextExternalId ?? null,
      cancelReason: fields.cancelReason ?? null,
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
      start_at: row.startAt,
      status,
      guests: booking.guests.length,
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
