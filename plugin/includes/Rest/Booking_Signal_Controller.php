<?php
/**
 * POST /solar-capture/v1/booking-signal: the booking calendar's "booking made" event, sent by the
 * visitor's browser. Public, so it is believed in nothing: it may add one timeline entry ("booked in
 * the browser, waiting for the provider's confirmation") to the lead of a quote request that was
 * given a ticket for it, and it never changes a stage. Only the signed webhook (or the providers'
 * API sync) says a booking exists.
 *
 * @package SolarCapture
 */

namespace SolarCapture\Rest;

use SolarCapture\Leads\Lead_Repository;
use SolarCapture\Leads\Timeline;
use WP_Error;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

defined( 'ABSPATH' ) || exit;

/**
 * Tickets (issued with the quote form's answer) and the route that takes them.
 */
final class Booking_Signal_Controller {

	public const ROUTE = '/booking-signal';

	/**
	 * The timeline event it writes.
	 */
	public const EVENT = 'browser_booking';

	/**
	 * How long a ticket is good for, in seconds.
	 */
	public const TTL = DAY_IN_SECONDS;

	/**
	 * Signals allowed per IP address per RATE_WINDOW seconds (valid or not).
	 */
	public const RATE_LIMIT  = 10;
	public const RATE_WINDOW = 600;

	/**
	 * Providers whose widget sends the event.
	 */
	public const PROVIDERS = array( 'calcom', 'calendly' );

	/**
	 * Leads.
	 *
	 * @var Lead_Repository
	 */
	private $leads;

	/**
	 * Timelines.
	 *
	 * @var Timeline
	 */
	private $timeline;

	/**
	 * Constructor.
	 *
	 * @param Lead_Repository $leads    Leads.
	 * @param Timeline        $timeline Timelines.
	 */
	public function __construct( Lead_Repository $leads, Timeline $timeline ) {
		$this->leads    = $leads;
		$this->timeline = $timeline;
	}

	/**
	 * A ticket for the booking token a link carries: its expiry time and a signature of both, so
	 * the route needs to store nothing to check it.
	 *
	 * @param string   $token The lead token in the booking link (Booking_Link::token_in()).
	 * @param int|null $now   Unix time (default now).
	 * @return string '' for an empty token.
	 */
	public static function ticket( string $token, ?int $now = null ): string {
		if ( '' === $token ) {
			return '';
		}
		$expires = ( null === $now ? time() : $now ) + self::TTL;
		return $expires . '.' . self::mac( $token, $expires );
	}

	/**
	 * The signature of a ticket.
	 *
	 * @param string $token   Token.
	 * @param int    $expires Unix time.
	 * @return string
	 */
	private static function mac( string $token, int $expires ): string {
		return substr( hash_hmac( 'sha256', 'solar-capture-booking-signal|' . $token . '|' . $expires, wp_salt( 'nonce' ) ), 0, 32 );
	}

	/**
	 * When a ticket was issued, if it is genuine and still good for this token.
	 *
	 * @param string $token  Token.
	 * @param string $ticket Ticket.
	 * @return int|null Unix time of issue, or null.
	 */
	private static function issued_at( string $token, string $ticket ): ?int {
		$parts = explode( '.', $ticket, 2 );
		if ( '' === $token || 2 !== count( $parts ) || ! ctype_digit( $parts[0] ) || strlen( $parts[0] ) > 12 ) {
			return null;
		}
		$expires = (int) $parts[0];
		if ( ! hash_equals( self::mac( $token, $expires ), $parts[1] ) || $expires < time() ) {
			return null;
		}
		return $expires - self::TTL;
	}

	/**
	 * Register the route.
	 */
	public function register_routes(): void {
		register_rest_route(
			Quote_Controller::NAMESPACE,
			self::ROUTE,
			array(
				array(
					'methods'             => WP_REST_Server::CREATABLE,
					'callback'            => array( $this, 'signal' ),
					// Public: visitors' browsers send it; see signal().
					'permission_callback' => '__return_true',
					// No types on purpose: a wrong value is answered like a wrong token.
					'args'                => array(
						'token'    => array( 'description' => __( 'The lead token the booking calendar passed to the booking tool.', 'solar-capture' ) ),
						'ticket'   => array( 'description' => __( 'The ticket issued with the quote form\'s answer.', 'solar-capture' ) ),
						'provider' => array( 'description' => __( 'The booking tool whose widget reported the booking: calcom or calendly.', 'solar-capture' ) ),
					),
				),
			)
		);
	}

	/**
	 * The signal: the same 202 answer whatever was sent (a stranger learns nothing about a token
	 * or a lead), 429 past the per-address limit. A genuine ticket for a lead's token adds one
	 * timeline entry per ticket; nothing else is stored, and the stage is left as it is.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function signal( WP_REST_Request $request ) {
		if ( self::rate_limited( Quote_Controller::client_ip() ) ) {
			return new WP_Error( 'solar_capture_rate_limited', __( 'Too many requests from your connection. Please try again later.', 'solar-capture' ), array( 'status' => 429 ) );
		}
		$text = static function ( $value ): string {
			return is_string( $value ) && strlen( $value ) <= 128 ? $value : '';
		};
		$this->record( $text( $request['token'] ), $text( $request['ticket'] ), $text( $request['provider'] ) );

		$response = new WP_REST_Response( array( 'status' => 'received' ), 202 );
		$response->header( 'Cache-Control', 'no-store, private' );
		return $response;
	}

	/**
	 * Add the timeline entry when the ticket is genuine and names a lead, once per ticket.
	 *
	 * @param string $token    Token.
	 * @param string $ticket   Ticket.
	 * @param string $provider Provider id.
	 */
	private function record( string $token, string $ticket, string $provider ): void {
		$issued = self::issued_at( $token, $ticket );
		if ( null === $issued || ! in_array( $provider, self::PROVIDERS, true ) ) {
			return;
		}
		$lead_id = $this->leads->find_id_by_token( $token );
		if ( $lead_id <= 0 ) {
			return;
		}
		// One entry per ticket: none yet since it was issued (and none when the database does not say).
		if ( 0 !== $this->timeline->count_since( $lead_id, self::EVENT, gmdate( 'Y-m-d H:i:s', $issued ) ) ) {
			return;
		}
		$this->timeline->add( $lead_id, self::EVENT, array( 'provider' => $provider ), 'form' );

		/**
		 * Fires after a visitor's browser reported a booking made in the booking calendar. Not a
		 * booking: the provider's signed webhook confirms it (or never does).
		 *
		 * @param int    $lead_id  Lead id.
		 * @param string $provider calcom or calendly.
		 */
		do_action( 'solar_capture_booking_signaled', $lead_id, $provider );
	}

	/**
	 * Count this request against the address's limit.
	 *
	 * @param string $ip Client address.
	 * @return bool Whether the address is over the limit.
	 */
	private static function rate_limited( string $ip ): bool {
		if ( '' === $ip ) {
			return false;
		}
		/**
		 * Filters how many booking signals one IP address may send per 10 minutes (0: no limit).
		 *
		 * @param int $limit Signals per window.
		 */
		$limit = (int) apply_filters( 'solar_capture_booking_signal_rate_limit', self::RATE_LIMIT );
		if ( $limit <= 0 ) {
			return false;
		}
		$key   = 'solar_capture_signal_' . md5( $ip );
		$count = (int) get_transient( $key );
		if ( $count >= $limit ) {
			return true;
		}
		set_transient( $key, $count + 1, self::RATE_WINDOW );
		return false;
	}
}
