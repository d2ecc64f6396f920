/**
 * What a booking or a routing form adds to its lead besides the booking: answers that fill the
 * lead's blank fields (each fill on the timeline), and the visit's attribution (UTM parameters):
 * the first touch kept once set, the latest touch replaced by every delivery that has one.
 */
import { type AnswerMap, type FieldValue, fillsFrom, type LeadField } from './answers';
import type { Answer, Attribution } from './events';
import type { LeadDetails, LeadFill, Tx } from './store/types';

export interface DetailsContext {
  tx: Tx;
  provider: string;
  now: string;
  answerMap: AnswerMap;
}

/** What is read of a booking or a form. */
export interface DetailsSource {
  answers?: Answer[];
  attribution?: Attribution | null;
  leadToken: string | null;
}

/** Lead field → its key in LeadDetails / LeadFill. */
const COLUMNS: Record<LeadField, keyof LeadDetails> = {
  phone: 'phone',
  address: 'address',
  postcode: 'postcode',
  monthly_bill: 'monthlyBill',
  roof_type: 'roofType',
  homeowner: 'homeowner',
  message: 'message',
};

const blank = (value: unknown) => value === null || value === undefined || value === '';

export async function leadDetails(
  c: DetailsContext,
  leadId: number,
  source: DetailsSource,
  bookingId: number | null,
): Promise<void> {
  await fillFromAnswers(c, leadId, source.answers ?? [], bookingId);
  if (source.attribution) await recordTouch(c, leadId, source.attribution, source.leadToken);
}

/** Mapped answers fill the lead's blank fields only; what the owner or the visitor entered stays. */
async function fillFromAnswers(c: DetailsContext, leadId: number, answers: Answer[], bookingId: number | null) {
  const fills = fillsFrom(answers, c.answerMap);
  if (fills.length === 0) return;
  const current = await c.tx.findLeadDetails(leadId);
  if (!current) return;
  const fill: LeadFill = {};
  const written: { field: LeadField; value: FieldValue; question: string }[] = [];
  for (const f of fills) {
    const column = COLUMNS[f.field];
    if (!blank(current[column])) continue;
    fill[column] = f.value;
    written.push(f);
  }
  if (written.length === 0) return;
  await c.tx.fillLeadDetails(leadId, fill, c.now);
  await c.tx.addEvent({
    leadId,
    type: 'lead_fields_filled',
    data: { booking_id: bookingId, fields: written },
    actor: c.provider,
    now: c.now,
  });
}

async function recordTouch(c: DetailsContext, leadId: number, a: Attribution, leadToken: string | null) {
  let touch = a;
  // Calendly links carry our lead token in utm_content: that is not a campaign's content.
  if (leadToken && a.utmContent === leadToken && (await c.tx.findLeadByToken(leadToken)))
    touch = { ...a, utmContent: '' };
  if (!Object.values(touch).some(Boolean)) return;
  await c.tx.recordTouch(leadId, touch, c.now);
}
