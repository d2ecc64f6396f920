/**
 * The provider-neutral events every parser produces and the pipeline applies.
 * Texts are already trimmed and clipped to their column sizes (docs/internals.md).
 */
import { leadFieldMax } from './contracts';

export type BookingStatus = 'accepted' | 'pending' | 'rejected' | 'cancelled' | 'rescheduled' | 'no_show' | 'completed';

export interface Booker {
  /** As the booker typed it, trimmed. */
  email: string;
  /** Trimmed and lower-cased: what leads are matched on. */
  emailNormalized: string;
  name: string;
  phone: string;
  timeZone: string;
}

export interface Guest {
  email: string;
  name: string;
}

/** What a provider tells us about one booking. */
export interface BookingSnapshot {
  /** The provider's stable booking id (Cal.com `uid`). */
  externalId: string;
  title: string;
  startAt: Date | null;
  endAt: Date | null;
  booker: Booker;
  guests: Guest[];
  /** The lead token our own booking links carry, if any. */
  leadToken: string | null;
  /** A new lead's source when it is not the provider (generic deliveries name their tool). */
  source?: string;
}

export type BookingEvent =
  | { type: 'booking_created'; booking: BookingSnapshot; status: 'accepted' | 'pending' }
  | { type: 'booking_rescheduled'; booking: BookingSnapshot; previousExternalId: string | null; rescheduledBy: string }
  /** The old half of a reschedule told on its own (Calendly's cancellation with `rescheduled: true`). */
  | { type: 'booking_replaced'; booking: BookingSnapshot; nextExternalId: string | null; reason: string }
  | {
      type: 'booking_cancelled';
      booking: BookingSnapshot;
      reason: string;
      cancelledBy: string;
      requestReschedule: boolean;
    }
  | { type: 'booking_rejected'; booking: BookingSnapshot; reason: string }
  | { type: 'booking_no_show'; externalId: string; attendees: { email: string; noShow: boolean }[] }
  | { type: 'meeting_ended'; externalId: string };

/** A parser never throws: every body ends up as one of these. */
export type ParseResult =
  | { kind: 'event'; trigger: string; idempotencyKey: string; event: BookingEvent }
  | { kind: 'ignored'; trigger: string | null; reason: string }
  | { kind: 'invalid'; trigger: string | null; httpStatus: 400 | 422; reason: string };

export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

/**
 * Column sizes the normalised values must fit (VARCHAR lengths in docs/internals.md); a lead's
 * own fields come from plugin/lead-fields.json.
 */
export const LIMITS = {
  email: leadFieldMax('email'),
  name: leadFieldMax('name'),
  phone: leadFieldMax('phone'),
  timeZone: 64,
  title: 255,
  trigger: 64,
  source: leadFieldMax('source'),
  externalId: 191,
  key: 191,
  /** Reasons and who-did-it texts: the TEXT columns and the timeline hold them whole. */
  reason: 1000,
  /** Guests kept on a booking (its `guests` column is a TEXT of JSON). */
  guests: 50,
} as const;

export const clip = (text: string, max: number): string => (text.length > max ? text.slice(0, max) : text);

/** Loose enough for what booking tools accept, strict enough to keep junk out of the unique e-mail key. */
export const looksLikeEmail = (email: string): boolean =>
  email.length <= LIMITS.email && /^[^\s@]+@[^\s@]+$/.test(email);
