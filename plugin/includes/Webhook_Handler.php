<?php
/**
 * The webhook's work, independent of the REST server: persist first, then ask the sidecar.
 *
 * Used by the REST route (Rest\Webhook_Controller) and by the early path (Early_Webhook),
 * which answers before WordPress sets up the theme, `init` and the REST server.
 *
 * @package SolarCapture
 */

namespace SolarCapture;

use SolarCapture\Deliveries\Delivery_Repository;
use SolarCapture\Guard\Client_Address;
use SolarCapture\Guard\Webhook_Guard;

defined( 'ABSPATH' ) || exit;

/**
 * One delivery: validate, store the raw bytes as a `queued` row, call the sidecar, answer.
 */
final class Webhook_Handler {

	/**
	 * The inbox.
	 *
	 * @var Delivery_Repository
	 */
	private $deliveries;

	/**
	 * The sidecar.
	 *
	 * @var Sidecar
	 */
	private $sidecar;

	/**
	 * Milliseconds to wait for the sidecar's whole answer (connecting: 1 s).
	 */
	public const TIMEOUT_MS = 15000;

	/**
	 * Flood limits (refused deliveries per address, the queue's size).
	 *
	 * @var Webhook_Guard
	 */
	private $guard;

	/**
	 * Constructor.
	 *
	 * @param Delivery_Repository $deliveries The inbox.
	 * @param Sidecar             $sidecar    The sidecar.
	 * @param Webhook_Guard       $guard      Flood limits.
	 */
	public function __construct( Delivery_Repository $deliveries, Sidecar $sidecar, Webhook_Guard $guard ) {
		$this->deliveries = $deliveries;
		$this->sidecar    = $sidecar;
		$this->guard      = $guard;
	}

	/**
	 * Handle one delivery from the current request's client: what handle_delivery() answers, and a
	 * refused delivery (any 4xx) counted against the client's address. Too many refused deliveries
	 * from one address (30 in 10 minutes), or a full queue, and nothing is stored at all.
	 *
	 * @param string      $provider    Value of ?provider=.
	 * @param string      $body        Raw request body.
	 * @param array       $headers     Request headers.
	 * @param string|null $query_token Value of ?token=.
	 * @return array{status:int, body:array}
	 */
	public function handle( string $provider, string $body, array $headers, ?string $query_token = null ): array {
		$address = Client_Address::current();
		$refusal = $this->guard->refusal( $address );
		if ( null !== $refusal ) {
			return 429 === $refusal['status']
				? self::error( 429, $refusal['code'], self::t( 'Too many refused deliveries from this address. Nothing was stored; try again in 10 minutes.' ) )
				: self::error( 503, $refusal['code'], self::t( 'The site\'s delivery queue is full, so nothing was stored. Please retry later.' ) );
		}
		$answer = $this->handle_delivery( $provider, $body, $headers, $query_token );
		if ( self::is_strangers_refusal( $answer ) ) {
			$this->guard->rejected( $address );
		}
		return $answer;
	}

	/**
	 * Whether an answer refused a delivery anyone could send without the secret: a wrong, missing or
	 * stale signature or token (401), a provider that is not enabled or not known (404), a body too
	 * large (413) or not UTF-8. A correctly signed delivery the parser refuses (400, 422) came from
	 * someone holding the secret, and is not counted.
	 *
	 * @param array{status:int, body:array} $answer The answer.
	 * @return bool
	 */
	private static function is_strangers_refusal( array $answer ): bool {
		return in_array( $answer['status'], array( 401, 404, 413 ), true )
			|| ( 400 === $answer['status'] && 'solar_capture_invalid_encoding' === ( $answer['body']['code'] ?? '' ) );
	}

	/**
	 * Handle one delivery. The body limit, the known providers and the headers stored come from
	 * providers.json (the sidecar's /ingest reads the same file).
	 *
	 * @param string      $provider    Value of ?provider= ('' means the default, calcom).
	 * @param string      $body        Raw request body, byte for byte.
	 * @param array       $headers     Request headers; names in any case, `-` or `_`; values string or string[].
	 * @param string|null $query_token Value of ?token=, null when absent.
	 * @return array{status:int, body:array} HTTP status and JSON body to answer with.
	 */
	private function handle_delivery( string $provider, string $body, array $headers, ?string $query_token = null ): array {
		$provider = '' === $provider ? Providers::default_id() : $provider;

		if ( ! Providers::is_provider( $provider ) ) {
			return self::error(
				404,
				'solar_capture_unknown_provider',
				sprintf(
					/* translators: 1: the provider given, 2: the known providers. */
					self::t( 'Unknown provider "%1$s". Use one of: %2$s.' ),
					self::clip( (string) preg_replace( '/[^A-Za-z0-9_.-]/', '', $provider ), 40 ),
					implode( ', ', Providers::ids() )
				)
			);
		}

		if ( strlen( $body ) > Providers::max_body_bytes() ) {
			return self::error( 413, 'solar_capture_body_too_large', self::t( 'The request body is larger than 1 MB.' ) );
		}

		if ( ! self::is_utf8( $body ) ) {
			return self::error( 400, 'solar_capture_invalid_encoding', self::t( 'The request body is not valid UTF-8.' ) );
		}

		$headers = self::normalize_headers( $headers );
		$stored  = array();
		foreach ( Providers::stored_headers() as $name ) {
			if ( isset( $headers[ $name ] ) ) {
				$stored[ $name ] = $headers[ $name ];
			}
		}
		if ( null !== $query_token ) {
			$stored[ 'query:' . Providers::query_token() ] = $query_token;
		}
		foreach ( Providers::secret_headers() as $name ) {
			if ( isset( $stored[ $name ] ) ) {
				$stored[ $name ] = self::credential_at_rest( $name, $stored[ $name ] );
			}
		}

		$delivery_id = $this->deliveries->insert_queued( $provider, $body, self::clip( $headers['content-type'] ?? '', 128 ), $stored );
		if ( ! $delivery_id ) {
			// Not stored, so never answer 2xx: the tool should retry.
			return self::error( 503, 'solar_capture_not_stored', self::t( 'The delivery could not be stored. Please retry.' ) );
		}

		return $this->process_stored( $delivery_id, $provider );
	}

	/**
	 * Ask the sidecar to process a stored delivery and turn its outcome into the answer.
	 * Fires `solar_capture_booking_applied` after an applied booking.
	 *
	 * @param int    $delivery_id Delivery id.
	 * @param string $provider    Provider id.
	 * @return array{status:int, body:array}
	 */
	public function process_stored( int $delivery_id, string $provider ): array {
		$outcome = $this->sidecar->process( $delivery_id, self::TIMEOUT_MS );
		if ( null === $outcome ) {
			return array(
				'status' => 202,
				'body'   => array(
					'status'      => 'queued',
					'message'     => self::t( 'Received. It will be processed shortly.' ),
					'delivery_id' => $delivery_id,
				),
			);
		}

		$http_status = (int) $outcome['http_status'];
		if ( $http_status < 200 || $http_status > 599 ) {
			$http_status = 200;
		}
		if ( $http_status >= 500 ) {
			// Our fault (`failed`): the row is kept and retried by the sidecar, so it is accepted.
			$http_status = 202;
		}

		$message = isset( $outcome['message'] ) && is_scalar( $outcome['message'] ) ? (string) $outcome['message'] : '';
		if ( 'failed' === $outcome['status'] ) {
			// Our fault: the sender learns it is kept, never our own error text (the delivery log has it).
			$message = self::t( 'Received, but not processed yet: it is kept and retried. The site owner sees why in the delivery log.' );
		}
		$answer = array(
			'status'      => (string) $outcome['status'],
			'message'     => $message,
			'delivery_id' => $delivery_id,
			'lead_id'     => self::int_or_null( $outcome['lead_id'] ?? null ),
			'booking_id'  => self::int_or_null( $outcome['booking_id'] ?? null ),
			'created'     => ! empty( $outcome['created'] ),
		);

		// A listener's failure must not turn a stored, processed delivery into an error answer.
		try {
			self::announce( $answer, $provider );
		} catch ( \Throwable $e ) {
			// phpcs:ignore WordPress.PHP.DevelopmentFunctions.error_log_error_log -- the only place to report it.
			error_log( 'Solar Capture: a solar_capture_* listener failed: ' . $e->getMessage() );
		}

		return array(
			'status' => $http_status,
			'body'   => $answer,
		);
	}

	/**
	 * Fire the actions for a processed delivery.
	 *
	 * @param array  $answer   The answer.
	 * @param string $provider Provider id.
	 */
	private static function announce( array $answer, string $provider ): void {
		$delivery_id = (int) $answer['delivery_id'];
		if ( 'applied' === $answer['status'] ) {
			/**
			 * Fires after the sidecar applied a booking delivery.
			 *
			 * @param int|null $lead_id     Lead id.
			 * @param int|null $booking_id  Booking id.
			 * @param string   $provider    Provider id.
			 * @param int      $delivery_id Delivery id.
			 */
			do_action( 'solar_capture_booking_applied', $answer['lead_id'], $answer['booking_id'], $provider, $delivery_id );
		}

		/**
		 * Fires after the sidecar answered for a delivery, whatever the outcome.
		 *
		 * @param array  $answer   The answer sent to the provider.
		 * @param string $provider Provider id.
		 */
		do_action( 'solar_capture_delivery_processed', $answer, $provider );
	}

	/**
	 * Lower-case header names with dashes; values as one string.
	 *
	 * @param array $headers Raw headers.
	 * @return array<string,string>
	 */
	private static function normalize_headers( array $headers ): array {
		$out = array();
		foreach ( $headers as $name => $value ) {
			$name = str_replace( '_', '-', strtolower( (string) $name ) );
			if ( is_array( $value ) ) {
				$value = implode( ',', array_map( 'strval', $value ) );
			}
			if ( is_scalar( $value ) ) {
				$out[ $name ] = (string) $value;
			}
		}
		return $out;
	}

	/**
	 * Whether $text is valid UTF-8.
	 *
	 * @param string $text Text.
	 * @return bool
	 */
	private static function is_utf8( string $text ): bool {
		if ( function_exists( 'mb_check_encoding' ) ) {
			return mb_check_encoding( $text, 'UTF-8' );
		}
		return 1 === preg_match( '//u', $text );
	}

	/**
	 * A header (or ?token=) that carries a shared secret as it is, the way it rests in the database:
	 * its SHA-256 (`sha256:<hex>`; a bearer token as `Bearer sha256:<hex>`), never the secret. The
	 * sidecar compares it with each secret's SHA-256 (sidecar/src/verify.ts, credentialAtRest).
	 *
	 * @param string $name  Lower-cased header name (or query:token).
	 * @param string $value Value as received.
	 * @return string
	 */
	public static function credential_at_rest( string $name, string $value ): string {
		if ( 'authorization' === $name && preg_match( '/^Bearer\s+(\S+)\s*$/i', $value, $match ) ) {
			return 'Bearer sha256:' . hash( 'sha256', $match[1] );
		}
		return 'sha256:' . hash( 'sha256', $value );
	}

	/**
	 * A JSON error body in the shape WordPress's REST API uses.
	 *
	 * @param int    $status  HTTP status.
	 * @param string $code    Error code.
	 * @param string $message Message.
	 * @return array{status:int, body:array}
	 */
	private static function error( int $status, string $code, string $message ): array {
		return array(
			'status' => $status,
			'body'   => array(
				'code'    => $code,
				'message' => $message,
				'data'    => array( 'status' => $status ),
			),
		);
	}

	/**
	 * Translate a message only once translations may load: the early path runs before
	 * `after_setup_theme`, where WordPress 6.7+ warns about loading translations too early.
	 * The answers go to a booking tool, so English is fine there.
	 *
	 * @param string $text English text.
	 * @return string
	 */
	private static function t( string $text ): string {
		if ( ! did_action( 'after_setup_theme' ) ) {
			return $text;
		}
		// phpcs:ignore WordPress.WP.I18n.NonSingularStringLiteralText, WordPress.WP.I18n.LowLevelTranslationFunction -- every caller passes a literal.
		return translate( $text, 'solar-capture' );
	}

	/**
	 * Truncate to $max bytes on a character boundary.
	 *
	 * @param string $text Text.
	 * @param int    $max  Bytes.
	 * @return string
	 */
	private static function clip( string $text, int $max ): string {
		if ( strlen( $text ) <= $max ) {
			return $text;
		}
		return function_exists( 'mb_strcut' ) ? mb_strcut( $text, 0, $max, 'UTF-8' ) : substr( $text, 0, $max );
	}

	/**
	 * Positive integer or null.
	 *
	 * @param mixed $value Value.
	 * @return int|null
	 */
	private static function int_or_null( $value ): ?int {
		return is_numeric( $value ) && (int) $value > 0 ? (int) $value : null;
	}
}
