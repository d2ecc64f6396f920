/**
 * TEST-ONLY DDL. In production the tables are created by PHP's dbDelta (plugin/includes/Schema.php)
 * and the sidecar never issues DDL.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../config';
import { tableNames } from '../store/tables';

/**
 * MySQL/MariaDB: the CREATE TABLE statements of plugin/includes/Schema.php as they are (what dbDelta
 * runs on a fresh site), with WordPress's charset and collation, plus WordPress's own options table.
 */
export function mysqlTestSchema(prefix: string): string[] {
  const php = readFileSync(path.join(packageRoot, '..', 'plugin', 'includes', 'Schema.php'), 'utf8');
  const collate = 'DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_520_ci';
  const names: Record<string, string> = { ...tableNames(prefix) };
  const plugin = [...php.matchAll(/"(CREATE TABLE \$(\w+) \([\s\S]*?\) \$collate;)"/g)].map(([, sql, name]) =>
    sql.replace(`$${name}`, names[name]).replace('$collate', collate),
  );
  if (plugin.length !== 6) throw new Error(`expected 6 CREATE TABLE statements in Schema.php, found ${plugin.length}`);
  // wp-admin/includes/schema.php
  const options = `CREATE TABLE ${names.options} (
  option_id bigint(20) unsigned NOT NULL auto_increment,
  option_name varchar(191) NOT NULL default '',
  option_value longtext NOT NULL,
  autoload varchar(20) NOT NULL default 'yes',
  PRIMARY KEY  (option_id),
  UNIQUE KEY option_name (option_name),
  KEY autoload (autoload)
) ${collate};`;
  return [options, ...plugin];
}

/**
 * SQLite: docs/internals.md the way WordPress's SQLite drop-in translates it
 * (VARCHAR/DATETIME → TEXT COLLATE NOCASE, KEY x → index <table>__x).
 */
export function sqliteTestSchema(prefix: string): string {
  const t = tableNames(prefix);
  const text = 'TEXT COLLATE NOCASE';
  // A lead's first and latest touch (schema version 3).
  const touch = (which: string) =>
    [
      ...['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content'].map(
        (c) => `${which}_${c} ${text} NOT NULL DEFAULT '',`,
      ),
      `${which}_landing_page ${text} NULL,`,
      `${which}_referrer ${text} NULL,`,
      `${which}_touch_at ${text} NULL,`,
    ].join('\n      ');
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
      ${touch('first')}
      ${touch('last')}
      created_at ${text} NOT NULL,
      updated_at ${text} NOT NULL
    );
    CREATE UNIQUE INDEX ${t.leads}__email_normalized ON ${t.leads} (email_normalized);
    CREATE UNIQUE INDEX ${t.leads}__lead_token ON ${t.leads} (lead_token);
    CREATE INDEX ${t.leads}__stage ON ${t.leads} (stage);
    CREATE INDEX ${t.leads}__created_at ON ${t.leads} (created_at);
    CREATE INDEX ${t.leads}__source ON ${t.leads} (source);
    CREATE INDEX ${t.leads}__next_booking_at ON ${t.leads} (next_booking_at);
    CREATE INDEX ${t.leads}__first_utm_source ON ${t.leads} (first_utm_source);
    CREATE INDEX ${t.leads}__first_utm_campaign ON ${t.leads} (first_utm_campaign);
    CREATE INDEX ${t.leads}__last_utm_source ON ${t.leads} (last_utm_source);
    CREATE INDEX ${t.leads}__last_utm_campaign ON ${t.leads} (last_utm_campaign);

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
      booking_uid ${text} NULL,
      seat_id ${text} NULL,
      seats INTEGER NULL,
      series_id ${text} NULL,
      location ${text} NULL,
      location_type ${text} NOT NULL DEFAULT '',
      answers ${text} NULL,
      cancelled_by ${text} NULL,
      cancelled_by_role ${text} NULL,
      cancel_scope ${text} NULL,
      pre_no_show_stage ${text} NULL,
      created_at ${text} NOT NULL,
      updated_at ${text} NOT NULL
    );
    CREATE UNIQUE INDEX ${t.bookings}__provider_external_id ON ${t.bookings} (provider, external_id);
    CREATE INDEX ${t.bookings}__lead_id ON ${t.bookings} (lead_id);
    CREATE INDEX ${t.bookings}__start_at ON ${t.bookings} (start_at);
    CREATE INDEX ${t.bookings}__provider_booking_uid ON ${t.bookings} (provider, booking_uid);
    CREATE INDEX ${t.bookings}__provider_series_id ON ${t.bookings} (provider, series_id);
    CREATE INDEX ${t.bookings}__status_lead_id ON ${t.bookings} (status, lead_id);

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

    CREATE TABLE ${t.tokens} (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      token ${text} NOT NULL,
      lead_id INTEGER NOT NULL,
      created_at ${text} NOT NULL
    );
    CREATE UNIQUE INDEX ${t.tokens}__token ON ${t.tokens} (token);
    CREATE INDEX ${t.tokens}__lead_id ON ${t.tokens} (lead_id);

    CREATE TABLE ${t.counters} (
      bucket ${text} NOT NULL PRIMARY KEY,
      hits INTEGER NOT NULL DEFAULT 0,
      expires_at ${text} NOT NULL
    );
    CREATE INDEX ${t.counters}__expires_at ON ${t.counters} (expires_at);
  `;
}

/**
 * A multisite network's table of sites (wp-admin/includes/schema.php's `{base prefix}blogs`, the
 * columns the sidecar reads and a few beside them).
 */
export function blogsTestSchema(prefix: string, dialect: 'sqlite' | 'mysql'): string {
  const table = `${prefix}blogs`;
  return dialect === 'sqlite'
    ? `CREATE TABLE IF NOT EXISTS ${table} (
      blog_id INTEGER PRIMARY KEY AUTOINCREMENT,
      site_id INTEGER NOT NULL DEFAULT 0,
      domain TEXT COLLATE NOCASE NOT NULL DEFAULT '',
      path TEXT COLLATE NOCASE NOT NULL DEFAULT '',
      archived INTEGER NOT NULL DEFAULT 0,
      spam INTEGER NOT NULL DEFAULT 0,
      deleted INTEGER NOT NULL DEFAULT 0
    )`
    : `CREATE TABLE IF NOT EXISTS ${table} (
      blog_id bigint(20) NOT NULL auto_increment,
      site_id bigint(20) NOT NULL default '0',
      domain varchar(200) NOT NULL default '',
      path varchar(100) NOT NULL default '',
      archived tinyint(2) NOT NULL default 0,
      spam tinyint(2) NOT NULL default 0,
      deleted tinyint(2) NOT NULL default 0,
      PRIMARY KEY  (blog_id)
    )`;
}
