<?php
/**
 * POST /solar-capture/v1/quote: the public quote form (shortcode and block).
 *
 * @package SolarCapture
 */

namespace SolarCapture\Rest;

use SolarCapture\Guard\Client_Address;
use SolarCapture\Leads\Attribution;
use SolarCapture\Lead_Capture;
use SolarCapture\Settings;
use WP_Error;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

defined( 'ABSPATH' ) || exit;

/**
 * Public and spam-guarded (honeypot, signed time stamp, per-IP rate limit).
 */
final class Quote_Controller {

	public const NAMESPACE = 'solar-capture/v1';

	/**
	 * Quote requests.
	 *
	 * @var Lead_Capture
	 */
	private $capture;

	/**
	 * Constructor.
	 *
	 * @param Lead_Capture $capture Quote requests.
	 */
	public function __construct( Lead_Capture $capture ) {
		$this->capture = $capture;
	}

	/**
	 * Register the route.
	 */
	public function register_routes(): void {
		register_rest_route(
			self::NAMESPACE,
			'/quote',
			array(
				array(
					'methods'             => WP_REST_Server::CREATABLE,
					'callback'            => array( $this, 'submit' ),
					// Public: visitors send quote requests; see Guard\Form_Guard::check().
					'permission_callback' => '__return_true',
					'args'                => self::args(),
				),
			)
		);
		register_rest_route(
			self::NAMESPACE,
			'/quote/stamp',
			array(
				array(
					'methods'             => WP_REST_Server::READABLE,
					'callback'            => array( $this, 'stamp' ),
					// Public: a time stamp, nothing secret.
					'permission_callback' => '__return_true',
				),
			)
		);
	}

	/**
	 * Fields of the form. Deliberately loose: Lead_Capture::validate() checks them and answers
	 * with a message for people per field (`data.params`), which the form shows beside each field.
	 *
	 * @return array
	 */
	public static function args(): array {
		$text = array( 'type' => array( 'string', 'number', 'boolean', 'null' ) );
		return array(
			'name'           => $text + array( 'description' => __( 'Name.', 'solar-capture' ) ),
			'email'          => $text + array( 'description' => __( 'E-mail address.', 'solar-capture' ) ),
			'phone'          => $text + array( 'description' => __( 'Phone number.', 'solar-capture' ) ),
			'address'        => $text + array( 'description' => __( 'Address.', 'solar-capture' ) ),
			'postcode'       => $text + array( 'description' => __( 'Postcode.', 'solar-capture' ) ),
			'monthly_bill'   => $text + array( 'description' => __( 'Average monthly electricity bill.', 'solar-capture' ) ),
			'roof_type'      => $text + array( 'description' => __( 'Roof type.', 'solar-capture' ) ),
			'homeowner'      => $text + array( 'description' => __( 'Whether the visitor owns the home (true, false, "yes", "no").', 'solar-capture' ) ),
			'message'        => $text + array( 'description' => __( 'Message.', 'solar-capture' ) ),
			'consent'        => $text + array( 'description' => __( 'The consent checkbox (true when ticked).', 'solar-capture' ) ),
			'consent_text'   => array(
				'description' => __( 'The consent text the form showed, when the form has its own.', 'solar-capture' ),
				'type'        => 'string',
			),
			'consent_sig'    => array(
				'description' => __( 'The signature of consent_text printed with the form.', 'solar-capture' ),
				'type'        => 'string',
			),
			'website'        => array(
				'description' => __( 'Leave empty (spam trap).', 'solar-capture' ),
				'type'        => array( 'string', 'null' ),
			),
			'stamp'          => array(
				'description' => __( 'The time stamp printed with the form.', 'solar-capture' ),
				'type'        => array( 'string', 'null' ),
			),
		) + array_fill_keys(
			array_keys( Attribution::FIELDS ),
			array(
				'description' => __( 'Attribution of the visit (UTM parameter, landing page or referrer), from the form.', 'solar-capture' ),
				'type'        => array( 'string', 'null' ),
			)
		);
	}

	/**
	 * Handle a quote request: per-field checks, spam checks, then the lead.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function submit( WP_REST_Request $request ) {
		$result = $this->capture->handle( $request->get_params(), self::client_ip() );
		if ( is_wp_error( $result ) ) {
			return $result;
		}
		$response = new WP_REST_Response( self::answer( $result, (string) $result['name'], (string) $result['email'] ), 200 );
		// An answer for this visitor only: never cached by a proxy or page cache.
		$response->header( 'Cache-Control', 'no-store, private' );
		return $response;
	}

	/**
	 * GET /quote/stamp: a fresh signed time stamp, for forms on pages served from a page cache.
	 * The form's script asks for one when the page it loaded with carries an old stamp.
	 *
	 * @return WP_REST_Response
	 */
	public function stamp(): WP_REST_Response {
		$response = new WP_REST_Response( array( 'stamp' => Lead_Capture::form_stamp() ), 200 );
		$response->header( 'Cache-Control', 'no-store, private' );
		return $response;
	}

	/**
	 * The visitor's address for the rate limit: REMOTE_ADDR, or behind a trusted reverse proxy the
	 * right-most untrusted X-Forwarded-For hop (Guard\Client_Address).
	 *
	 * @return string
	 */
	public static function client_ip(): string {
		/**
		 * Filters the address the quote form's rate limit counts by.
		 *
		 * @param string $ip The client's address (see SOLAR_CAPTURE_TRUSTED_PROXIES).
		 */
		return (string) apply_filters( 'solar_capture_quote_client_ip', Client_Address::current() );
	}

	/**
	 * The booking link for this request, pre-filled and carrying the request's booking token;
	 * '' when the call to action is off or no booking page is set.
	 *
	 * @param array  $result Lead_Capture::submit() result.
	 * @param string $name   Name to pre-fill.
	 * @param string $email  E-mail to pre-fill.
	 * @return string
	 */
	private static function booking_link( array $result, string $name, string $email ): string {
		if ( 'never' === Settings::get_settings()['cta_show'] ) {
			return '';
		}
		return Lead_Capture::booking_link( (string) $result['booking_token'], sanitize_text_field( $name ), sanitize_email( $email ) );
	}

	/**
	 * What the form shows after a request: thanks, and the booking link when one applies. The
	 * same fields and words whether the e-mail was new or known: the answer tells a visitor
	 * nothing about anyone's lead.
	 *
	 * @param array  $result Lead_Capture::submit() result.
	 * @param string $name   Name to pre-fill in the booking page.
	 * @param string $email  E-mail to pre-fill in the booking page.
	 * @return array{status:string, message:string, booking_url:string, booking_intro:string, cta_text:string}
	 */
	public static function answer( array $result, string $name, string $email ): array {
		$settings = Settings::get_settings();
		$link     = self::booking_link( $result, $name, $email );
		$message  = __( 'Thank you! We have your details and will be in touch soon.', 'solar-capture' );

		// "Only in the confirmation e-mail": the link goes to the visitor's inbox, not the page.
		if ( 'email' === $settings['cta_show'] && '' !== $link ) {
			\SolarCapture\Notifier::queue_visitor_confirmation( (int) $result['lead_id'], $link );
			$link    = '';
			$message = __( 'Thank you! We have your details and have e-mailed you a link to book your free survey call.', 'solar-capture' );
		}

		$answer = array(
			'status'        => 'ok',
			'message'       => $message,
			'booking_url'   => $link,
			'booking_intro' => '' !== $link ? __( 'Next step: pick a time for a free survey call. Your details are filled in for you.', 'solar-capture' ) : '',
			'cta_text'      => Settings::cta_text(),
		);
		/**
		 * Filters what the quote form shows after a request (the booking calendar adds its step here).
		 *
		 * @param array $answer   The answer: status, message, created, booking_url, booking_intro, cta_text.
		 * @param array $settings The general settings.
		 */
		return (array) apply_filters( 'solar_capture_quote_answer', $answer, $settings );
	}
}
