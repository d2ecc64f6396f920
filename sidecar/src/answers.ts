/**
 * Form answers: what booking and routing forms send, made into bounded text, and which of them
 * fill which lead field. Pure functions; the pipeline writes what they decide.
 *
 * A provider's `answer_map` (in the `solar_capture_providers` option, docs/internals.md) maps a
 * question, by its key or its label, to a lead field, or to "" to leave it unmapped. Questions it
 * does not name are mapped by label with DEFAULT_RULES (the message field only through the map: a
 * booking's notes are kept with the booking). Mapped answers only ever fill a lead field that is blank.
 */
import { type Answer, ANSWER_LIMITS, type Attribution, ATTRIBUTION_LIMITS, clip } from './events';
import { leadFieldMax, leadFieldsContract } from './contracts';
import { isRecord } from './json';

/** The lead fields this code knows how to fill from text (fieldValue()). */
const FILLABLE = ['phone', 'address', 'postcode', 'monthly_bill', 'roof_type', 'homeowner', 'message'] as const;
export type LeadField = (typeof FILLABLE)[number];

const fillable = (value: string): value is LeadField => (FILLABLE as readonly string[]).includes(value);

function contractFields(): readonly LeadField[] {
  const fields = leadFieldsContract.answer_map.fields;
  const unknown = fields.filter((field) => !fillable(field));
  if (unknown.length) throw new Error(`lead-fields.json answer_map.fields names fields the sidecar cannot fill: ${unknown.join(', ')}`);
  return fields as LeadField[];
}

/** The lead fields an answer may fill (lead-fields.json `answer_map.fields`). */
export const LEAD_FIELDS: readonly LeadField[] = contractFields();

export const isLeadField = (value: string): value is LeadField => (LEAD_FIELDS as readonly string[]).includes(value);

/** Question key or label (matched case-insensitively) → lead field, or '' for "do not map". */
export type AnswerMap = Record<string, string>;

/**
 * The defaults for questions the owner has not mapped (lead-fields.json `answer_map.defaults`,
 * which the Integrations screen shows): the first rule whose pattern matches the question's
 * label (or its key) wins. Keys of the tools' own system questions that never fill a
 * lead field by default are in NEVER_BY_DEFAULT.
 */
export const DEFAULT_RULES: readonly { field: LeadField; pattern: RegExp }[] = leadFieldsContract.answer_map.defaults.map(
  (rule) => {
    if (!isLeadField(rule.field)) throw new Error(`lead-fields.json answer_map.defaults names "${rule.field}", not one of answer_map.fields`);
    return { field: rule.field, pattern: new RegExp(rule.pattern, 'i') };
  },
);

/** System questions that are the booker's identity or the booking's mechanics, not lead details. */
const NEVER_BY_DEFAULT = new Set(['name', 'email', 'guests', 'location', 'reschedulereason', 'smsremindernumber']);
/** An e-mail address question never fills the address field. */
const EMAIL_QUESTION = /e-?mail/i;

/** Cal.com's untranslated default labels of its system fields. */
const SYSTEM_LABELS: Record<string, string> = {
  your_name: 'Your name',
  email_address: 'Email address',
  phone_number: 'Phone number',
  additional_notes: 'Additional notes',
  additional_guests: 'Additional guests',
  reason_for_reschedule: 'Reason for reschedule',
  reschedule_reason: 'Reason for reschedule',
  location: 'Location',
};

/** A label for people: Cal.com's `snake_case` i18n keys become words. */
export function readableLabel(label: string, key: string): string {
  const text = label.trim() || key.trim();
  if (Object.hasOwn(SYSTEM_LABELS, text)) return SYSTEM_LABELS[text];
  if (/^[a-z0-9]+(_[a-z0-9]+)+$/.test(text)) {
    const words = text.replace(/_/g, ' ');
    return words.charAt(0).toUpperCase() + words.slice(1);
  }
  return text;
}

/** Cal.com's location option ids, for people. */
const LOCATION_NAMES: Record<string, string> = {
  'integrations:daily': 'Cal Video',
  'integrations:zoom': 'Zoom',
  'integrations:google:meet': 'Google Meet',
  'integrations:office365_video': 'Microsoft Teams',
  'integrations:jitsi': 'Jitsi',
  'integrations:whereby_video': 'Whereby',
  inPerson: 'In person',
  attendeeInPerson: 'In person (attendee address)',
  phone: 'Phone call',
  userPhone: 'Phone call',
  link: 'Link',
};

export const locationName = (value: string): string => (Object.hasOwn(LOCATION_NAMES, value) ? LOCATION_NAMES[value] : value);

/**
 * Any answer value as one line of text: strings, numbers, booleans (Yes/No), lists (joined with
 * ", "), option objects ({label} or Cal.com's {value, optionValue}), names ({firstName, lastName}).
 * Anything else (nested junk) gives ''.
 */
export function answerText(value: unknown, depth = 0): string {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (depth > 2) return '';
  if (Array.isArray(value))
    return value
      .slice(0, ANSWER_LIMITS.count)
      .map((item) => answerText(item, depth + 1))
      .filter(Boolean)
      .join(', ');
  if (!isRecord(value)) return '';
  if (typeof value.label === 'string') return value.label.trim();
  if ('firstName' in value || 'lastName' in value)
    return [value.firstName, value.lastName]
      .map((part) => (typeof part === 'string' ? part.trim() : ''))
      .filter(Boolean)
      .join(' ');
  if ('value' in value) {
    // Cal.com's radio-with-input and location answers: {value: "inPerson", optionValue: "12 High St"}.
    const option = answerText(value.optionValue, depth + 1);
    const chosen = answerText(value.value, depth + 1);
    const name = typeof value.value === 'string' ? locationName(value.value) : chosen;
    return option && name ? `${name}: ${option}` : option || name;
  }
  return '';
}

export interface BoundedAnswers {
  answers: Answer[];
  /** How many were left out (count or total size). */
  dropped: number;
  /** Characters of all answers before clipping. */
  rawText: number;
}

/** Keeps the answers that have text, clipped to ANSWER_LIMITS, in order. */
export function boundAnswers(raw: readonly { key: string; label: string; value: unknown }[]): BoundedAnswers {
  const answers: Answer[] = [];
  let dropped = 0;
  let total = 0;
  let rawText = 0;
  for (const item of raw) {
    const text = answerText(item.value);
    if (text === '') continue;
    rawText += text.length + item.label.length;
    const value = clip(text, ANSWER_LIMITS.value);
    const label = clip(readableLabel(item.label, item.key), ANSWER_LIMITS.label);
    if (answers.length >= ANSWER_LIMITS.count || total + value.length + label.length > ANSWER_LIMITS.total) {
      dropped++;
      continue;
    }
    total += value.length + label.length;
    answers.push({ key: clip(item.key.trim(), ANSWER_LIMITS.key), label, value });
  }
  return { answers, dropped, rawText };
}

const lower = (text: string) => text.trim().toLowerCase();

/** The lead field an answer fills: the owner's map first (by key, then label), then DEFAULT_RULES. */
export function fieldFor(answer: Answer, map: AnswerMap): LeadField | null {
  const entries = Object.entries(map).map(([question, field]) => [lower(question), lower(field)] as const);
  for (const question of [lower(answer.key), lower(answer.label)]) {
    const found = entries.find(([name]) => name !== '' && name === question);
    if (found) return isLeadField(found[1]) ? found[1] : null;
  }
  if (NEVER_BY_DEFAULT.has(lower(answer.key))) return null;
  for (const { field, pattern } of DEFAULT_RULES) {
    if (field === 'address' && (EMAIL_QUESTION.test(answer.label) || EMAIL_QUESTION.test(answer.key))) continue;
    if (pattern.test(answer.label) || (answer.label === '' && pattern.test(answer.key))) return field;
  }
  return null;
}

/** A monthly bill: the first amount in the text ("£120", "about 1,200", "85,50 €"); null when there is none. */
export function parseAmount(text: string): number | null {
  const match = /\d[\d,.\s]*/.exec(text.replace(/\u00a0/g, ' '));
  if (!match) return null;
  let number = match[0].replace(/\s+/g, '').replace(/[.,]$/, '');
  if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(number)) number = number.replace(/,/g, '');
  else if (/^\d{1,3}(\.\d{3})+(,\d+)?$/.test(number)) number = number.replace(/\./g, '').replace(',', '.');
  else number = number.replace(',', '.');
  const amount = Number(number);
  if (!Number.isFinite(amount) || amount < 0 || amount >= 1e8) return null;
  return Math.round(amount * 100) / 100;
}

/** The quote form's roof types (plugin/includes/Lead_Capture.php ROOF_TYPES) from free text. */
export function parseRoofType(text: string): string | null {
  const t = lower(text);
  if (/not sure|unsure|don'?t know|no idea/.test(t)) return 'unsure';
  if (/both|mix/.test(t)) return 'mixed';
  if (/flat/.test(t)) return 'flat';
  if (/pitch|slop|tile|slate|gable|hip|angled/.test(t)) return 'pitched';
  if (['pitched', 'flat', 'mixed', 'unsure'].includes(t)) return t;
  return null;
}

/** Yes / no from an answer ("Yes, I own it", "No - renting"); null when it says neither. */
export function parseYesNo(text: string): boolean | null {
  const t = lower(text);
  if (/^(no|nope|false|0)\b|\b(rent|renting|tenant|don'?t own|do not own|not the owner)\b/.test(t)) return false;
  if (/^(yes|yep|yeah|true|1|i do|we do)\b|\b(own|owner|homeowner)\b/.test(t)) return true;
  return null;
}

/** Lead field values as the columns hold them (docs/internals.md). */
export type FieldValue = string | number;

/** `answer` as a value of `field`, or null when the text does not fit the field. */
export function fieldValue(field: LeadField, text: string): FieldValue | null {
  switch (field) {
    case 'phone':
      return /\d/.test(text) ? clip(text, leadFieldMax('phone')) : null;
    case 'postcode':
    case 'address':
    case 'message':
      return clip(text, leadFieldMax(field));
    case 'monthly_bill':
      return parseAmount(text);
    case 'roof_type':
      return parseRoofType(text);
    case 'homeowner': {
      const yes = parseYesNo(text);
      return yes === null ? null : yes ? 1 : 0;
    }
  }
}

export interface Fill {
  field: LeadField;
  value: FieldValue;
  /** The question it came from. */
  question: string;
}

/** One fill per lead field (the first answer that maps to it and fits it). */
export function fillsFrom(answers: readonly Answer[], map: AnswerMap): Fill[] {
  const fills = new Map<LeadField, Fill>();
  for (const answer of answers) {
    const field = fieldFor(answer, map);
    if (!field || fills.has(field)) continue;
    const value = fieldValue(field, answer.value);
    if (value !== null && value !== '') fills.set(field, { field, value, question: answer.label });
  }
  return [...fills.values()];
}

const UTM_KEYS = {
  utmSource: 'utm_source',
  utmMedium: 'utm_medium',
  utmCampaign: 'utm_campaign',
  utmTerm: 'utm_term',
  utmContent: 'utm_content',
} as const;

/**
 * UTM parameters from `fields` (Calendly `tracking`, Cal.com `metadata`); null when none is set.
 * `skipContent`: the value our own links put in utm_content (the lead token), which is not a campaign.
 */
export function attributionFrom(fields: unknown, skipContent: string | null = null): Attribution | null {
  if (!isRecord(fields)) return null;
  const get = (name: string, max: number) => {
    const value = fields[name];
    return typeof value === 'string' ? clip(value.trim(), max) : typeof value === 'number' ? String(value) : '';
  };
  const a: Attribution = {
    utmSource: get(UTM_KEYS.utmSource, ATTRIBUTION_LIMITS.utm),
    utmMedium: get(UTM_KEYS.utmMedium, ATTRIBUTION_LIMITS.utm),
    utmCampaign: get(UTM_KEYS.utmCampaign, ATTRIBUTION_LIMITS.utm),
    utmTerm: get(UTM_KEYS.utmTerm, ATTRIBUTION_LIMITS.utm),
    utmContent: get(UTM_KEYS.utmContent, ATTRIBUTION_LIMITS.utm),
    landingPage: get('landing_page', ATTRIBUTION_LIMITS.page) || get('landingPage', ATTRIBUTION_LIMITS.page),
    referrer: get('referrer', ATTRIBUTION_LIMITS.page),
  };
  if (skipContent !== null && a.utmContent === skipContent) a.utmContent = '';
  return Object.values(a).some(Boolean) ? a : null;
}

/** The answer that is an e-mail address: one whose question says so first, then any. */
export function emailAnswer(answers: readonly Answer[], looksLikeEmail: (text: string) => boolean): string {
  const candidates = answers.filter((a) => looksLikeEmail(a.value));
  return (candidates.find((a) => EMAIL_QUESTION.test(a.label) || EMAIL_QUESTION.test(a.key)) ?? candidates[0])?.value ?? '';
}

/** The answers in one line for a delivery log message, within `max` characters. */
export function answersLine(answers: readonly Answer[], max = 1500): string {
  return clip(answers.map((a) => `${a.label}: ${a.value.replace(/\s+/g, ' ')}`).join('; '), max);
}
