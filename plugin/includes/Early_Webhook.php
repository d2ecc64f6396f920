<?php
/**
 * Answer webhook deliveries as soon as every plugin is loaded, before WordPress runs `init`,
 * loads the theme and sets up the REST server with every route.
 *
 * The webhook needs none of that: one insert and one loopback call. Listeners of
 * `solar_capture_booking_applied` must therefore be added by a plugin (or by a theme only
 * when the early path is off: define SOLAR_CAPTURE_EARLY_WEBHOOK as false, or filter
 * `solar_capture_early_webhook`). The REST route stays registered and gives the same answers.
 *
 * @package SolarCapture
 */

namespace SolarCapture;

defined( 'ABSPATH' ) || exit;

/**
 * Recognises the webhook request from the URL alone.
 */
final class Early_Webhook {

	/**
	 * Route of the webhook below the REST prefix.
	 */
	public const ROUTE = '/solar-capture/v1/calcom-webhook';

	/**
	 * `plugins_loaded` callback (last priority): handle the request and exit when it is a webhook delivery.
	 */
	public static function maybe_handle(): void {
		if ( ! self::enabled() || ! self::is_webhook_request() ) {
			return;
		}
		self::send( self::handle_current_request() );
	}

	/**
	 * Whether the early path is on (default yes).
	 *
	 * @return bool
	 */
	public static function enabled(): bool {
		$enabled = ! defined( 'SOLAR_CAPTURE_EARLY_WEBHOOK' ) || (bool) SOLAR_CAPTURE_EARLY_WEBHOOK;
		/**
		 * Filters whether webhook deliveries are answered early, before `init` and the REST server.
		 *
		 * @param bool $enabled Default true, or the SOLAR_CAPTURE_EARLY_WEBHOOK constant.
		 */
		return (bool) apply_filters( 'solar_capture_early_webhook', $enabled );
	}

	/**
	 * Whether this request is a POST to the webhook route, as /wp-json/… or ?rest_route=….
	 *
	 * @return bool
	 */
	public static function is_webhook_request(): bool {
		// phpcs:disable WordPress.Security.ValidatedSanitizedInput, WordPress.Security.NonceVerification -- compared, never output or stored.
		if ( 'POST' !== ( $_SERVER['REQUEST_METHOD'] ?? '' ) ) {
			return false;
		}
		if ( isset( $_GET['rest_route'] ) && is_string( $_GET['rest_route'] ) ) {
			return self::ROUTE === untrailingslashit( $_GET['rest_route'] );
		}
		$uri = isset( $_SERVER['REQUEST_URI'] ) && is_string( $_SERVER['REQUEST_URI'] ) ? $_SERVER['REQUEST_URI'] : '';
		// phpcs:enable
		$path = (string) wp_parse_url( $uri, PHP_URL_PATH );
		if ( '' === $path || false === strpos( $path, self::ROUTE ) ) {
			return false;
		}
		$home   = rtrim( (string) wp_parse_url( home_url(), PHP_URL_PATH ), '/' );
		$prefix = '/' . trim( rest_get_url_prefix(), '/' );
		$path   = untrailingslashit( $path );
		return $path === $home . $prefix . self::ROUTE || $path === $home . '/index.php' . $prefix . self::ROUTE;
	}

	/**
	 * Run the handler on the current request.
	 *
	 * @return array{status:int, body:array}
	 */
	public static function handle_current_request(): array {
		// $_GET is still unslashed here: wp_magic_quotes() runs after `plugins_loaded`.
		// phpcs:disable WordPress.Security.ValidatedSanitizedInput, WordPress.Security.NonceVerification -- stored raw for the sidecar to verify.
		$provider = isset( $_GET['provider'] ) ? ( is_string( $_GET['provider'] ) ? $_GET['provider'] : '(not a single value)' ) : '';
		$name     = Providers::query_token();
		$token    = isset( $_GET[ $name ] ) && is_string( $_GET[ $name ] ) ? $_GET[ $name ] : null;
		// phpcs:enable
		$body = (string) file_get_contents( 'php://input' ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_get_contents_file_get_contents -- the raw body.

		return Plugin::instance()->webhook_handler()->handle( $provider, $body, self::headers_from_server( $_SERVER ), $token );
	}

	/**
	 * Request headers from $_SERVER, the way WP_REST_Server::get_headers() reads them.
	 *
	 * @param array $server $_SERVER.
	 * @return array<string,string> Lower-cased, dash-separated names.
	 */
	public static function headers_from_server( array $server ): array {
		$headers = array();
		foreach ( $server as $key => $value ) {
			if ( ! is_string( $key ) || ! is_string( $value ) ) {
				continue;
			}
			if ( 0 === strpos( $key, 'HTTP_' ) ) {
				$headers[ str_replace( '_', '-', strtolower( substr( $key, 5 ) ) ) ] = $value;
			} elseif ( 'CONTENT_TYPE' === $key || 'CONTENT_LENGTH' === $key ) {
				$headers[ str_replace( '_', '-', strtolower( $key ) ) ] = $value;
			} elseif ( 'REDIRECT_HTTP_AUTHORIZATION' === $key && empty( $server['HTTP_AUTHORIZATION'] ) ) {
				$headers['authorization'] = $value;
			}
		}
		return $headers;
	}

	/**
	 * Send the JSON answer and end the request.
	 *
	 * @param array{status:int, body:array} $result Answer.
	 */
	private static function send( array $result ): void {
		if ( ! headers_sent() ) {
			status_header( $result['status'] );
			header( 'Content-Type: application/json; charset=UTF-8' );
			header( 'Cache-Control: no-store' );
			header( 'X-Content-Type-Options: nosniff' );
			header( 'X-Robots-Tag: noindex' );
		}
		echo wp_json_encode( $result['body'] ); // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- JSON.
		exit;
	}
}
