/**
 * GET/POST /solar-capture/v1/settings, made safe: unknown or missing values
 * fall back to the defaults the PHP side uses. Pure, unit-tested.
 */
/**
 * How the booking step shows after the quote form: the booking calendar
 * embedded in the page ('embed'), a button to the booking page
 * ('after_submit', the first settings' value, kept for what it meant),
 * only in the visitor's e-mail, or never.
 */
export const CTA_SHOW_VALUES = [
	'embed',
	'after_submit',
	'email',
	'never',
] as const;
export type CtaShow = ( typeof CTA_SHOW_VALUES )[ number ];

export interface SettingsValues {
	cta_show: CtaShow;
	cta_text: string;
	/** The quote form's consent checkbox text ('' = the default). */
	consent_text: string;
	notification_email: string;
	/** null when this site's plugin does not offer the option. */
	notify_on_booking: boolean | null;
	delete_data_on_uninstall: boolean;
}

export interface SettingsData extends SettingsValues {
	/** What the call to action says when cta_text is empty. */
	cta_text_default: string;
	/** What the consent checkbox says when consent_text is empty. */
	consent_text_default: string;
	/** Where notifications go when notification_email is empty. */
	notification_email_default: string;
}

type Row = Record< string, unknown >;
const isRow = ( value: unknown ): value is Row =>
	!! value && typeof value === 'object' && ! Array.isArray( value );
const str = ( value: unknown ): string =>
	typeof value === 'string' ? value : '';

export const CTA_TEXT_MAX = 120;
export const CONSENT_TEXT_MAX = 500;

export function normaliseSettings( raw: unknown ): SettingsData {
	const row = isRow( raw ) ? raw : {};
	const show = str( row.cta_show );
	return {
		cta_show: ( CTA_SHOW_VALUES as readonly string[] ).includes( show )
			? ( show as CtaShow )
			: 'after_submit',
		cta_text: str( row.cta_text ),
		consent_text: str( row.consent_text ),
		notification_email: str( row.notification_email ),
		notify_on_booking:
			typeof row.notify_on_booking === 'boolean'
				? row.notify_on_booking
				: null,
		delete_data_on_uninstall: row.delete_data_on_uninstall === true,
		cta_text_default: str( row.cta_text_default ),
		consent_text_default: str( row.consent_text_default ),
		notification_email_default: str( row.notification_email_default ),
	};
}

/**
 * The body of POST /settings: the editable values only, trimmed.
 * @param values The form's values.
 */
export function settingsPayload(
	values: SettingsValues
): Record< string, unknown > {
	const body: Record< string, unknown > = {
		cta_show: values.cta_show,
		cta_text: values.cta_text.trim().slice( 0, CTA_TEXT_MAX ),
		consent_text: values.consent_text.trim().slice( 0, CONSENT_TEXT_MAX ),
		notification_email: values.notification_email.trim(),
		delete_data_on_uninstall: values.delete_data_on_uninstall,
	};
	if ( values.notify_on_booking !== null ) {
		body.notify_on_booking = values.notify_on_booking;
	}
	return body;
}

/**
 * A light check before saving (the server has the last word): empty, or
 * something@domain.tld.
 * @param value An e-mail address.
 */
export function looksLikeEmail( value: string ): boolean {
	const v = value.trim();
	return v === '' || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test( v );
}

export function sameValues( a: SettingsValues, b: SettingsValues ): boolean {
	return (
		a.cta_show === b.cta_show &&
		a.cta_text.trim() === b.cta_text.trim() &&
		a.consent_text.trim() === b.consent_text.trim() &&
		a.notification_email.trim() === b.notification_email.trim() &&
		a.notify_on_booking === b.notify_on_booking &&
		a.delete_data_on_uninstall === b.delete_data_on_uninstall
	);
}
