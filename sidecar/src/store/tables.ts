/** Table names under the WordPress prefix (`$wpdb->prefix`, checked by config to be [A-Za-z0-9_]). */
export function tableNames(prefix: string) {
  return {
    options: `${prefix}options`,
    leads: `${prefix}solar_leads`,
    bookings: `${prefix}solar_bookings`,
    events: `${prefix}solar_events`,
    deliveries: `${prefix}solar_deliveries`,
    tokens: `${prefix}solar_lead_tokens`,
    counters: `${prefix}solar_counters`,
  };
}
