import {
  answerText,
  attributionFrom,
  boundAnswers,
  emailAnswer,
  fieldFor,
  fillsFrom,
  parseAmount,
  parseRoofType,
  parseYesNo,
  readableLabel,
} from './answers';
import { ANSWER_LIMITS, looksLikeEmail } from './events';

const a = (label: string, value: string, key = label) => ({ key, label, value });

describe('answerText', () => {
  it('reads every answer shape the tools send as one line of text', () => {
    expect(answerText('  text  ')).toBe('text');
    expect(answerText(12)).toBe('12');
    expect(answerText(Number.NaN)).toBe('');
    expect(answerText(true)).toBe('Yes');
    expect(answerText(false)).toBe('No');
    expect(answerText(['Solar panels', 'Battery', ''])).toBe('Solar panels, Battery');
    expect(answerText([{ label: 'Yes', id: 'opt-1' }])).toBe('Yes');
    expect(answerText({ value: 'Other', optionValue: 'After 6pm' })).toBe('Other: After 6pm');
    expect(answerText({ value: 'integrations:daily', optionValue: '' })).toBe('Cal Video');
    expect(answerText({ value: 'attendeeInPerson', optionValue: '12 High St' })).toBe(
      'In person (attendee address): 12 High St',
    );
    expect(answerText({ firstName: 'Jane', lastName: 'Doe' })).toBe('Jane Doe');
    expect(answerText(null)).toBe('');
    expect(answerText({ deep: { deeper: 1 } })).toBe('');
    expect(answerText([[[['too deep']]]])).toBe('');
  });

  it("makes Cal.com's untranslated system labels readable and leaves owners' labels alone", () => {
    expect(readableLabel('your_name', 'name')).toBe('Your name');
    expect(readableLabel('additional_notes', 'notes')).toBe('Additional notes');
    expect(readableLabel('roof_pitch_degrees', 'x')).toBe('Roof pitch degrees');
    expect(readableLabel('Do you own the property?', 'own')).toBe('Do you own the property?');
    expect(readableLabel('', 'monthly-bill')).toBe('monthly-bill');
  });
});

describe('boundAnswers', () => {
  it('keeps at most ANSWER_LIMITS.count answers, each clipped, and counts what it left out', () => {
    const raw = Array.from({ length: 500 }, (_, i) => ({ key: `q${i}`, label: `Question ${i}`, value: 'x'.repeat(5000) }));
    const { answers, dropped, rawText } = boundAnswers(raw);
    expect(answers.length).toBeLessThanOrEqual(ANSWER_LIMITS.count);
    expect(answers.every((x) => x.value.length <= ANSWER_LIMITS.value)).toBe(true);
    expect(answers.reduce((n, x) => n + x.value.length + x.label.length, 0)).toBeLessThanOrEqual(ANSWER_LIMITS.total);
    expect(answers.length + dropped).toBe(500);
    expect(rawText).toBeGreaterThan(2_000_000);
  });

  it('skips empty answers and keeps the order', () => {
    expect(boundAnswers([a('A', ''), a('B', 'b'), { key: 'c', label: 'C', value: ['1', '2'] }]).answers).toEqual([
      a('B', 'b'),
      { key: 'c', label: 'C', value: '1, 2' },
    ]);
  });
});

describe('fieldFor and fillsFrom', () => {
  it('maps by default label: phone, postcode/ZIP, monthly or electricity bill, homeowner, roof type, address', () => {
    const field = (label: string, key = label) => fieldFor(a(label, 'x', key), {});
    expect(field('Phone number')).toBe('phone');
    expect(field('Mobile')).toBe('phone');
    expect(field('Postcode')).toBe('postcode');
    expect(field('What is your ZIP / postcode?')).toBe('postcode');
    expect(field('Monthly bill')).toBe('monthly_bill');
    expect(field('Average electricity bill per month')).toBe('monthly_bill');
    expect(field('Do you own the property?')).toBe('homeowner');
    expect(field('Are you the homeowner?')).toBe('homeowner');
    expect(field('Roof type')).toBe('roof_type');
    expect(field('Address')).toBe('address');
    expect(field('Email address', 'email')).toBeNull();
    expect(field('Your email', 'q1')).toBeNull();
    expect(field('Additional notes', 'notes')).toBeNull();
    expect(field('Location', 'location')).toBeNull();
    expect(field('Billing address')).toBe('address');
  });

  it("follows the owner's answer_map first, by key or label, and '' switches a default off", () => {
    const map = { 'how-to-reach-you': 'phone', 'Postcode': '', 'Anything else?': 'message', 'Weird': 'not-a-field' };
    expect(fieldFor(a('How can we reach you?', '+44 1', 'how-to-reach-you'), map)).toBe('phone');
    expect(fieldFor(a('postcode', 'BS1'), map)).toBeNull();
    expect(fieldFor(a('anything else?', 'Call after 6'), map)).toBe('message');
    expect(fieldFor(a('Weird', 'x'), map)).toBeNull();
  });

  it('fills each field once, from the first answer that fits it', () => {
    expect(
      fillsFrom(
        [
          a('Phone', 'no thanks'),
          a('Mobile', '+44 7700 900111'),
          a('Monthly bill', '£120'),
          a('Electricity bill', '200'),
          a('Do you own the property?', 'maybe'),
          a('Roof type', 'Flat'),
        ],
        {},
      ),
    ).toEqual([
      { field: 'phone', value: '+44 7700 900111', question: 'Mobile' },
      { field: 'monthly_bill', value: 120, question: 'Monthly bill' },
      { field: 'roof_type', value: 'flat', question: 'Roof type' },
    ]);
  });
});

describe('values', () => {
  it('reads amounts', () => {
    expect(parseAmount('£120')).toBe(120);
    expect(parseAmount('about 1,200 a month')).toBe(1200);
    expect(parseAmount('85,50 €')).toBe(85.5);
    expect(parseAmount('1.234,56')).toBe(1234.56);
    expect(parseAmount('120-150')).toBe(120);
    expect(parseAmount('no idea')).toBeNull();
    expect(parseAmount('999999999')).toBeNull();
  });

  it('reads roof types and yes/no', () => {
    expect(parseRoofType('Pitched (tiles)')).toBe('pitched');
    expect(parseRoofType('flat roof')).toBe('flat');
    expect(parseRoofType('Both, flat and pitched')).toBe('mixed');
    expect(parseRoofType("Don't know")).toBe('unsure');
    expect(parseRoofType('thatch')).toBeNull();
    expect(parseYesNo('Yes, we own it')).toBe(true);
    expect(parseYesNo('No, we rent')).toBe(false);
    expect(parseYesNo('I am the owner')).toBe(true);
    expect(parseYesNo("We don't own it")).toBe(false);
    expect(parseYesNo('maybe')).toBeNull();
  });
});

describe('attributionFrom and emailAnswer', () => {
  it('reads utm_* (and landing page / referrer) and nothing else; null when there is none', () => {
    expect(attributionFrom({ utm_source: 'google', utm_campaign: ' summer ', videoCallUrl: 'https://x' })).toEqual({
      utmSource: 'google',
      utmMedium: '',
      utmCampaign: 'summer',
      utmTerm: '',
      utmContent: '',
      landingPage: '',
      referrer: '',
    });
    expect(attributionFrom({ utm_source: null, utm_medium: '' })).toBeNull();
    expect(attributionFrom('nope')).toBeNull();
    expect(attributionFrom({ utm_source: 'x'.repeat(500) })?.utmSource).toHaveLength(191);
  });

  it('takes the answer that is an e-mail, preferring the question that says so', () => {
    expect(emailAnswer([a('Referred by', 'friend@example.org'), a('Your email', 'me@example.org')], looksLikeEmail)).toBe(
      'me@example.org',
    );
    expect(emailAnswer([a('Contact', 'me@example.org')], looksLikeEmail)).toBe('me@example.org');
    expect(emailAnswer([a('Email', 'not an address')], looksLikeEmail)).toBe('');
  });
});
