/**
 * TEST-ONLY DDL. In production the tables are created by PHP's dbDelta (plugin/includes/Schema.php)
 * and the sidecar never issues DDL. This mirrors docs/internals.md the way WordPress's SQLite
 * drop-in translates it (VARCHAR/DATETIME → TEXT COLLATE NOCASE, KEY x → index <table>__x).
 */
import { tableNames } from '../store/tables';

export function testSchema(prefix: string): string {
  const t = tableNames(prefix);
  const text = 'TEXT COLLATE NOCASE';
  return `
    CREATE TABLE ${t.options} (
      option_id INTEGER PRIMARY KEY AUTOINCREMENT,
      option_name ${text} NOT NULL DEFAULT '',
      option_value ${text} NOT NULL,
      autoload ${text} NOT NULL DEFAULT 'yes'
    );
    CREATE UNIQUE INDEX ${t.options}__option_name ON ${t.options} (option_name);

    CREATE TABLE ${t.leads} (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      email ${text} NOT NULL,
      email_normalized ${text} NOT NULL,
      name ${text} NOT NULL DEFAULT '',
      phone ${text} NOT NULL DEFAULT '',
      postcode ${text} NOT NULL DEFAULT '',
      address ${text} NOT NULL DEFAULT '',
      monthly_bill REAL NULL,
      roof_type ${text} NOT NULL DEFAULT '',
      homeowner INTEGER NULL,
      message ${text} NULL,
      source ${text} NOT NULL DEFAULT '',
      stage ${text} NOT NULL DEFAULT 'new',
      stage_changed_at ${text} NULL,
      next_booking_at ${text} NULL,
      lead_token ${text} NOT NULL,
      created_at ${text} NOT NULL,
      updated_at ${text} NOT NULL
    );
    CREATE UNIQUE INDEX ${t.leads}__email_normalized ON ${t.leads} (email_normalized);
    CREATE UNIQUE INDEX ${t.leads}__lead_token ON ${t.leads} (lead_token);
    CREATE INDEX ${t.leads}__stage ON ${t.leads} (stage);
    CREATE INDEX ${t.leads}__created_at ON ${t.leads} (created_at);
    CREATE INDEX ${t.leads}__source ON ${t.leads} (source);
    CREATE INDEX ${t.leads}__next_booking_at ON ${t.leads} (next_booking_at);

    CREATE TABLE ${t.bookings} (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      lead_id INTEGER NULL,
      provider ${text} NOT NULL,
      external_id ${text} NOT NULL,
      status ${text} NOT NULL,
      title ${text} NOT NULL DEFAULT '',
      start_at ${text} NULL,
      end_at ${text} NULL,
      timezone ${text} NOT NULL DEFAULT '',
      attendee_email ${text} NOT NULL DEFAULT '',
      guests ${text} NULL,
      previous_external_id ${text} NULL,
      next_external_id ${text} NULL,
      cancel_reason ${text} NULL,
      created_at ${text} NOT NULL,
      updated_at ${text} NOT NULL
    );
    CREATE UNIQUE INDEX ${t.bookings}__provider_external_id ON ${t.bookings} (provider, external_id);
    CREATE INDEX ${t.bookings}__lead_id ON ${t.bookings} (lead_id);
    CREATE INDEX ${t.bookings}__start_at ON ${t.bookings} (start_at);

    CREATE TABLE ${t.events} (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      lead_id INTEGER NOT NULL,
      type ${text} NOT NULL,
      data ${text} NULL,
      actor ${text} NOT NULL DEFAULT '',
      created_at ${text} NOT NULL
    );
    CREATE INDEX ${t.events}__lead_id ON ${t.events} (lead_id, id);

    CREATE TABLE ${t.deliveries} (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      provider ${text} NOT NULL,
      trigger_name ${text} NULL,
      idempotency_key ${text} NULL,
      applied_key ${text} NULL,
      status ${text} NOT NULL DEFAULT 'queued',
      http_status INTEGER NULL,
      error ${text} NULL,
      body ${text} NULL,
      content_type ${text} NOT NULL DEFAULT '',
      headers ${text} NULL,
      attempts INTEGER NOT NULL DEFAULT 0,
      lead_id INTEGER NULL,
      booking_id INTEGER NULL,
      result ${text} NULL,
      received_at ${text} NOT NULL,
      processed_at ${text} NULL
    );
    CREATE UNIQUE INDEX ${t.deliveries}__applied_key ON ${t.deliveries} (applied_key);
    CREATE INDEX ${t.deliveries}__status ON ${t.deliveries} (status);
    CREATE INDEX ${t.deliveries}__idempotency_key ON ${t.deliveries} (idempotency_key);
    CREATE INDEX ${t.deliveries}__received_at ON ${t.deliveries} (received_at);
  `;
}
