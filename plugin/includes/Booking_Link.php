<?php
/**
 * The booking page a visitor is sent to, and the lead token it carries.
 *
 * One place for both the booking link (the button, the visitor's e-mail) and the booking calendar
 * embedded on the page: the calendar is built from the very link made here, so whichever token the
 * link carries is the one the calendar passes to the booking tool, and the one the browser's
 * "booking made" signal is checked against (the lead it names: Lead_Repository::find_id_by_token()).
 *
 * @package SolarCapture
 */

namespace SolarCapture;

defined( 'ABSPATH' ) || exit;

/**
 * Booking page, booking link and the lead token in it.
 */
final class Booking_Link {

	/**
	 * The booking page in use: the first enabled provider with a booking URL.
	 *
	 * @return array{provider:string, url:string}|null Null when no booking page is set.
	 */
	public static function page(): ?array {
		foreach ( Settings::get_providers() as $id => $provider ) {
			$url = is_string( $provider['booking_url'] ?? null ) ? trim( $provider['booking_url'] ) : '';
			if ( empty( $provider['enabled'] ) || '' === $url ) {
				continue;
			}
			return array(
				'provider' => (string) $id,
				'url'      => $url,
			);
		}
		return null;
	}

	/**
	 * The query parameter a provider passes our lead token back in (providers.json `lead_token`:
	 * Cal.com metadata[sc_lead], Calendly utm_content, others sc_lead).
	 *
	 * @param string $provider Provider id.
	 * @return string
	 */
	public static function token_parameter( string $provider ): string {
		return Providers::lead_token_parameter( $provider );
	}

	/**
	 * The booking page link for a lead, carrying the lead token where the provider passes it back
	 * and the name and e-mail to pre-fill.
	 *
	 * @param string $token Lead token.
	 * @param string $name  Name to pre-fill.
	 * @param string $email E-mail to pre-fill.
	 * @return string Empty when no booking page is set.
	 */
	public static function url( string $token, string $name = '', string $email = '' ): string {
		$page = self::page();
		if ( ! $page ) {
			return '';
		}
		$args = array();
		if ( '' !== $name ) {
			$args['name'] = $name;
		}
		if ( '' !== $email ) {
			$args['email'] = $email;
		}
		if ( '' !== $token ) {
			$args[ self::token_parameter( $page['provider'] ) ] = $token;
		}
		return add_query_arg( array_map( 'rawurlencode', $args ), $page['url'] );
	}

	/**
	 * The lead token a booking link carries (what url() put in it), '' when it carries none.
	 *
	 * @param string $link     A link made by url().
	 * @param string $provider The provider it was made for.
	 * @return string
	 */
	public static function token_in( string $link, string $provider ): string {
		$query = (string) wp_parse_url( $link, PHP_URL_QUERY );
		if ( '' === $query ) {
			return '';
		}
		// parse_str() would turn metadata[sc_lead] into an array: read the pairs as they are.
		$wanted = self::token_parameter( $provider );
		foreach ( explode( '&', $query ) as $pair ) {
			$parts = explode( '=', $pair, 2 );
			if ( 2 === count( $parts ) && rawurldecode( $parts[0] ) === $wanted ) {
				return rawurldecode( $parts[1] );
			}
		}
		return '';
	}
}
