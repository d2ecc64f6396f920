<?php
/**
 * POST /solar-capture/v1/quote: the public quote form (shortcode and block).
 *
 * @package SolarCapture
 */

namespace SolarCapture\Rest;

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
					// Public: visitors send quote requests; see Lead_Capture::check_spam().
					'permission_callback' => '__return_true',
					'args'                => self::args(),
				),
			)
		);
	}

	/**
	 * Fields of the form.
	 *
	 * @return array
	 */
	public static function args(): array {
		return array(
			'name'         => array(
				'type'      => 'string',
				'required'  => true,
				'minLength' => 1,
				'maxLength' => 190,
			),
			// Checked (after trimming) by Lead_Capture::submit(), with a message for people.
			'email'        => array(
				'type'      => 'string',
				'required'  => true,
				'maxLength' => 190,
			),
			'phone'        => array(
				'type'      => 'string',
				'maxLength' => 64,
			),
			'postcode'     => array(
				'type'      => 'string',
				'maxLength' => 32,
			),
			'address'      => array(
				'type'      => 'string',
				'maxLength' => 255,
			),
			'monthly_bill' => array(
				'type'    => array( 'number', 'null' ),
				'minimum' => 0,
				'maximum' => 99999999,
			),
			'roof_type'    => array(
				'type' => 'string',
				'enum' => array_merge( array( '' ), Lead_Capture::ROOF_TYPES ),
			),
			'homeowner'    => array(
				'type' => array( 'boolean', 'null' ),
			),
			'message'      => array(
				'type'      => 'string',
				'maxLength' => 5000,
			),
			'website'      => array(
				'description' => __( 'Leave empty (spam trap).', 'solar-capture' ),
				'type'        => 'string',
			),
			'stamp'        => array(
				'description' => __( 'The time stamp printed with the form.', 'solar-capture' ),
				'type'        => 'string',
			),
		);
	}

	/**
	 * Handle a quote request.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function submit( WP_REST_Request $request ) {
		$ip   = isset( $_SERVER['REMOTE_ADDR'] ) ? sanitize_text_field( wp_unslash( $_SERVER['REMOTE_ADDR'] ) ) : '';
		$spam = Lead_Capture::check_spam(
			array(
				'website' => $request['website'],
				'stamp'   => $request['stamp'],
			),
			$ip
		);
		if ( is_wp_error( $spam ) ) {
			return $spam;
		}

		$result = Lead_Capture::submit( $request->get_params() );
		if ( is_wp_error( $result ) ) {
			return $result;
		}

		return new WP_REST_Response( self::answer( $result, (string) $request['name'], (string) $request['email'] ), 200 );
	}

	/**
	 * The booking link for this request, pre-filled and carrying the lead token; '' when the call
	 * to action is off or no booking page is set.
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
		return Lead_Capture::booking_link( $result['lead_token'], sanitize_text_field( $name ), sanitize_email( $email ) );
	}

	/**
	 * What the form shows after a request: thanks, and the booking link when one applies.
	 *
	 * @param array  $result Lead_Capture::submit() result.
	 * @param string $name   Name to pre-fill in the booking page.
	 * @param string $email  E-mail to pre-fill in the booking page.
	 * @return array{status:string, message:string, created:bool, booking_url:string, cta_text:string}
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

		return array(
			'status'      => 'ok',
			'message'     => $message,
			'created'     => (bool) $result['created'],
			'booking_url' => $link,
			'cta_text'    => Settings::cta_text(),
		);
	}
}
