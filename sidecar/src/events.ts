/**
 * The provider-neutral events every parser produces and the pipeline applies.
 * Texts are already trimmed and clipped to their column sizes (docs/internals.md).
 */
import { createHash } from 'node:crypto';
import { leadFieldMax } from './contracts';

export type BookingStatus =
  | 'accepted'
  | 'pending'
  | 'awaiting_payment'
  | 'rejected'
  | 'cancelled'
  | 'reschedule_requested'
  | 'rescheduled'
  | 'no_show'
  | 'completed';

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

/** One question of a booking or routing form and what the person answered, as text. */
export interface Answer {
  /** The tool's own name for the question (Cal.com field name, Calendly position or question id). */
  key: string;
  /** The question as the person saw it. */
  label: string;
  value: string;
}

/** UTM parameters and the page a visit started on; '' where the tool sent nothing. */
export interface Attribution {
  utmSource: string;
  utmMedium: string;
  utmCampaign: string;
  utmTerm: string;
  utmContent: string;
  landingPage: string;
  referrer: string;
}

export type LocationType = 'video' | 'phone' | 'in_person' | 'other';

/** Where the meeting happens: a join link, a phone number, an address, or the tool's own words. */
export interface MeetingLocation {
  type: LocationType;
  value: string;
}

/**
 * One seat of a group session (Cal.com seated event types, Calendly group events). Every seat
 * holder is a booking (and a lead) of their own; `uid` is what the session's seats share.
 */
export interface Session {
  /** The session's shared id (Cal.com `uid`, Calendly `scheduled_event.uri`). */
  uid: string;
  /** Cal.com `attendeeSeatId`; null when the delivery does not say (older releases, seat cancellations). */
  seatId: string | null;
  /**
   * The provider's own booking id does not tell the seats apart (Cal.com), so the stored external id
   * is made per seat and seats are found by (uid, seat id) or (uid, the holder's e-mail).
   */
  perSeat: boolean;
  /** Places in the session, when the tool says. */
  seats: number | null;
}

/** What a provider tells us about one booking. */
export interface BookingSnapshot {
  /** The stored booking id: the provider's own (Cal.com `uid`), or one made per seat. */
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
  /** Set when this booking is one seat of a group session. */
  session?: Session | null;
  /** Occurrences of one recurring series share this id. */
  seriesId?: string | null;
  location?: MeetingLocation | null;
  /** Booking form answers, bounded (see ANSWER_LIMITS). */
  answers?: Answer[];
  /** Answers left out by the bounds. */
  answersDropped?: number;
  attribution?: Attribution | null;
}

export type CancelledByRole = 'host' | 'invitee' | '';

export type BookingEvent =
  | {
      type: 'booking_created';
      booking: BookingSnapshot;
      status: 'accepted' | 'pending' | 'awaiting_payment';
      /** The payment a paid booking waits for (Cal.com `paymentId`). */
      paymentId?: string;
      /** A requested reschedule: the booking this one replaces once it is confirmed. */
      replaces?: string;
    }
  | {
      type: 'booking_rescheduled';
      booking: BookingSnapshot;
      previousExternalId: string | null;
      rescheduledBy: string;
      /** Why, as the person who moved it wrote it. */
      reason?: string;
    }
  /** The old half of a reschedule told on its own (Calendly's cancellation with `rescheduled: true`). */
  | { type: 'booking_replaced'; booking: BookingSnapshot; nextExternalId: string | null; reason: string }
  | {
      type: 'booking_cancelled';
      booking: BookingSnapshot;
      reason: string;
      cancelledBy: string;
      cancelledByRole?: CancelledByRole;
      requestReschedule: boolean;
      /** `remaining_series`: this occurrence and every later one of its series (Cal.com "cancel all remaining"). */
      scope?: 'booking' | 'remaining_series';
    }
  | { type: 'booking_rejected'; booking: BookingSnapshot; reason: string }
  | {
      type: 'booking_no_show';
      externalId: string;
      attendees: { email: string; noShow: boolean }[];
      /** `cal_video`: detected by Cal Video itself (AFTER_GUESTS_CAL_VIDEO_NO_SHOW). */
      source?: 'manual' | 'cal_video';
    }
  /** The host did not join the call (Cal Video): a timeline entry, no stage change. */
  | { type: 'host_no_show'; externalId: string; hostEmail: string; message: string }
  | { type: 'meeting_ended'; externalId: string }
  /** A routing form was filled in (the person may or may not book). */
  | {
      type: 'form_submitted';
      form: { id: string; name: string };
      booker: Booker;
      leadToken: string | null;
      answers: Answer[];
      answersDropped: number;
      attribution: Attribution | null;
      /** Where the form sent the person, when the tool says (Calendly `result`). */
      result: string;
    };

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

/** How much of a form's answers is kept (the `answers` column and the timeline hold them). */
export const ANSWER_LIMITS = {
  /** Answers kept per booking or form submission. */
  count: 60,
  label: 255,
  key: 100,
  /** Characters of one answer. */
  value: 2000,
  /** Characters of all answers together. */
  total: 32_000,
  /** A routing form whose answers exceed this (raw characters) is not a form anyone filled in: ignored. */
  formText: 64_000,
} as const;

/** UTM values and pages: the leads' attribution columns (plugin/lead-fields.json). */
export const ATTRIBUTION_LIMITS = {
  utm: leadFieldMax('first_utm_source'),
  page: leadFieldMax('first_landing_page'),
} as const;

export const clip = (text: string, max: number): string => (text.length > max ? text.slice(0, max) : text);

/** Loose enough for what booking tools accept, strict enough to keep junk out of the unique e-mail key. */
export const looksLikeEmail = (email: string): boolean =>
  email.length <= LIMITS.email && /^[^\s@]+@[^\s@]+$/.test(email);

/** `value` within `max` characters: a longer one is cut and ends in a hash of itself, so it stays unique. */
export function within(value: string, max: number): string {
  if (value.length <= max) return value;
  return `${value.slice(0, max - 33)}#${createHash('sha256').update(value).digest('hex').slice(0, 32)}`;
}

/** An id made of parts (a seat of a session, a tool's id under its source) within the 191 characters of `external_id`. */
export const fitId = (value: string): string => within(value, LIMITS.externalId);

/**
 * The stored id of one seat of a session: `<uid>#seat:<seat id>`, or `<uid>#<the holder's e-mail>`
 * where the tool names no seat id.
 */
export const seatExternalId = (uid: string, seatId: string | null, emailNormalized: string): string =>
  fitId(`${uid}#${seatId ? `seat:${seatId}` : emailNormalized}`);
