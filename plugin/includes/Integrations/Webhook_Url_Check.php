<?php
/**
 * Whether the site's webhook URL answers directly: booking tools such as Cal.com do not follow
 * redirects, so a redirect (http→https, www, a trailing slash) loses every delivery.
 *
 * @package SolarCapture
 */

namespace SolarCapture\Integrations;

defined( 'ABSPATH' ) || exit;

/**
 * An OPTIONS request to the webhook URL (answered by WordPress's REST server for a known route,
 * stores nothing), redirects not followed, its verdict worded for the site owner and cached.
 */
class Webhook_Url_Check {

	/**
	 * Transient caching the check (uninstall.php deletes it).
	 */
	public const TRANSIENT = 'solar_capture_webhook_check';

	/**
	 * How long a check is reused (an unreachable result: one minute).
	 */
	public const TTL        = 5 * MINUTE_IN_SECONDS;
	public const TTL_FAILED = MINUTE_IN_SECONDS;

	/**
	 * The cached check of $url, if any.
	 *
	 * @param string $url Webhook URL.
	 * @return array|null
	 */
	public function cached( string $url ): ?array {
		$cached = get_transient( self::TRANSIENT );
		return is_array( $cached ) && ( $cached['url'] ?? '' ) === $url ? $cached : null;
	}

	/**
	 * The request (for Http::run(), beside the sidecar's health).
	 *
	 * @param string $url        Webhook URL.
	 * @param int    $timeout_ms Time allowed.
	 * @return array
	 */
	public function request( string $url, int $timeout_ms ): array {
		return array(
			'method'     => 'OPTIONS',
			'url'        => $url,
			'headers'    => array( 'Accept: application/json' ),
			'connect_ms' => $timeout_ms,
			'total_ms'   => $timeout_ms,
		);
	}

	/**
	 * The verdict on an answer, as the screen shows it, cached for the next views.
	 *
	 * @param string $url    Checked URL.
	 * @param array  $result Http result.
	 * @return array{url:string, redirects:bool, status:?int, location:?string, message:string, checked_at:string}
	 */
	public function judge( string $url, array $result ): array {
		$check = self::describe( $url, $result );
		set_transient( self::TRANSIENT, $check, null === $check['status'] ? self::TTL_FAILED : self::TTL );
		return $check;
	}

	/**
	 * The verdict on an answer.
	 *
	 * @param string $url    Checked URL.
	 * @param array  $result Http result.
	 * @return array{url:string, redirects:bool, status:?int, location:?string, message:string, checked_at:string}
	 */
	public static function describe( string $url, array $result ): array {
		$status    = $result['code'] > 0 ? (int) $result['code'] : null;
		$redirects = null !== $status && $status >= 300 && $status < 400;
		$location  = $redirects && is_string( $result['redirect_url'] ) ? $result['redirect_url'] : null;

		if ( null === $status ) {
			$message = sprintf(
				/* translators: 1: the webhook URL, 2: the error. */
				__( 'This site could not reach its own webhook URL (%1$s: %2$s), so redirects could not be checked. Booking tools reach it from the internet, so this may be harmless.', 'solar-capture' ),
				$url,
				$result['error']
			);
		} elseif ( $redirects ) {
			$message = sprintf(
				/* translators: 1: HTTP status, 2: the address it redirects to. */
				__( 'The webhook URL answers with a redirect (HTTP %1$d to %2$s). Booking tools such as Cal.com do not follow redirects, so their deliveries would be lost. Check the WordPress Address and Site Address under Settings → General (http or https, www or not), or your server\'s redirect rules.', 'solar-capture' ),
				$status,
				null === $location ? '?' : $location
			);
		} elseif ( $status >= 400 ) {
			$message = sprintf(
				/* translators: %d: HTTP status. */
				__( 'The webhook URL answered HTTP %d. A security plugin, password protection or firewall may refuse booking tools too.', 'solar-capture' ),
				$status
			);
		} else {
			$message = __( 'The webhook URL answers directly, without a redirect.', 'solar-capture' );
		}

		return array(
			'url'        => $url,
			'redirects'  => $redirects,
			'status'     => $status,
			'location'   => $location,
			'message'    => $message,
			'checked_at' => gmdate( 'Y-m-d\TH:i:s\Z' ),
		);
	}
}
