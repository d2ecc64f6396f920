<?php
/**
 * /solar-capture/v1/settings: the Settings screen's data (the JSON option solar_capture_settings).
 *
 * @package SolarCapture
 */

namespace SolarCapture\Rest;

use SolarCapture\Settings;
use WP_Error;
use WP_REST_Controller;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

defined( 'ABSPATH' ) || exit;

/**
 * Read and change the general settings: booking call to action, notification e-mail, uninstall.
 */
final class Settings_Controller extends WP_REST_Controller {

	use Permissions;

	/**
	 * Longest call to action text.
	 */
	private const CTA_TEXT_MAX = 120;

	/**
	 * Longest consent text.
	 */
	private const CONSENT_TEXT_MAX = 500;

	/**
	 * Constructor.
	 */
	public function __construct() {
		$this->namespace = 'solar-capture/v1';
		$this->rest_base = 'settings';
	}

	/**
	 * Register the routes.
	 */
	public function register_routes(): void {
		register_rest_route(
			$this->namespace,
			'/' . $this->rest_base,
			array(
				array(
					'methods'             => WP_REST_Server::READABLE,
					'callback'            => array( $this, 'get_item' ),
					'permission_callback' => array( $this, 'get_item_permissions_check' ),
				),
				array(
					'methods'             => WP_REST_Server::EDITABLE,
					'callback'            => array( $this, 'update_item' ),
					'permission_callback' => array( $this, 'update_item_permissions_check' ),
					'args'                => $this->get_endpoint_args_for_item_schema( WP_REST_Server::EDITABLE ),
				),
				'schema' => array( $this, 'get_public_item_schema' ),
			)
		);
	}

	/**
	 * Permission: `manage_solar_leads`.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return true|WP_Error
	 */
	public function get_item_permissions_check( $request ) {
		return $this->check_manage_permission();
	}

	/**
	 * Permission: `manage_solar_leads`.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return true|WP_Error
	 */
	public function update_item_permissions_check( $request ) {
		return $this->check_manage_permission();
	}

	/**
	 * GET /settings
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response
	 */
	public function get_item( $request ) {
		return $this->prepare_item_for_response( Settings::get_settings(), $request );
	}

	/**
	 * POST|PUT|PATCH /settings: change the fields sent, keep the others.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function update_item( $request ) {
		$changes = array();

		if ( $request->has_param( 'cta_show' ) ) {
			$changes['cta_show'] = (string) $request['cta_show'];
		}
		if ( $request->has_param( 'cta_text' ) ) {
			$changes['cta_text'] = mb_substr( trim( (string) $request['cta_text'] ), 0, self::CTA_TEXT_MAX );
		}
		if ( $request->has_param( 'consent_text' ) ) {
			$changes['consent_text'] = mb_substr( trim( (string) $request['consent_text'] ), 0, self::CONSENT_TEXT_MAX );
		}
		if ( $request->has_param( 'notification_email' ) ) {
			$email = trim( (string) $request['notification_email'] );
			if ( '' !== $email ) {
				$email = sanitize_email( $email );
				if ( ! is_email( $email ) ) {
					return new WP_Error(
						'rest_invalid_param',
						__( 'Enter a valid notification e-mail address, or leave it empty to use the site\'s administration e-mail.', 'solar-capture' ),
						array(
							'status' => 400,
							'params' => array( 'notification_email' => __( 'Not a valid e-mail address.', 'solar-capture' ) ),
						)
					);
				}
			}
			$changes['notification_email'] = $email;
		}
		foreach ( array( 'notify_on_booking', 'delete_data_on_uninstall' ) as $flag ) {
			if ( $request->has_param( $flag ) ) {
				$changes[ $flag ] = (bool) $request[ $flag ];
			}
		}

		$settings = $changes ? Settings::update_settings( $changes ) : Settings::get_settings();

		if ( $changes ) {
			/**
			 * Fires after the general settings were saved through the REST API.
			 *
			 * @param array $settings The settings now stored.
			 * @param array $changes  The fields that were sent.
			 */
			do_action( 'solar_capture_settings_updated', $settings, $changes );
		}

		return $this->prepare_item_for_response( Settings::get_settings(), $request );
	}

	/**
	 * The settings as JSON, with the defaults the screen shows as placeholders.
	 *
	 * @param array           $item    Settings.
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response
	 */
	public function prepare_item_for_response( $item, $request ) {
		$data = array(
			'cta_show'                   => (string) $item['cta_show'],
			'cta_text'                   => (string) $item['cta_text'],
			'consent_text'               => (string) $item['consent_text'],
			'notification_email'         => (string) $item['notification_email'],
			'notify_on_booking'          => (bool) $item['notify_on_booking'],
			'delete_data_on_uninstall'   => (bool) $item['delete_data_on_uninstall'],
			'cta_text_default'           => Settings::default_cta_text(),
			'consent_text_default'       => Settings::default_consent_text(),
			'notification_email_default' => (string) get_option( 'admin_email' ),
		);
		return rest_ensure_response( $data );
	}

	/**
	 * Schema of the settings.
	 *
	 * @return array
	 */
	public function get_item_schema() {
		if ( $this->schema ) {
			return $this->add_additional_fields_schema( $this->schema );
		}
		$this->schema = array(
			'$schema'    => 'http://json-schema.org/draft-04/schema#',
			'title'      => 'solar-capture-settings',
			'type'       => 'object',
			'properties' => array(
				'cta_show'                   => array(
					'description' => __( 'How the booking step shows after the quote form is sent: the booking calendar embedded on the page (embed), a button to the booking page (after_submit), only in the visitor\'s confirmation e-mail (email), or never.', 'solar-capture' ),
					'type'        => 'string',
					'enum'        => Settings::CTA_SHOW,
				),
				'cta_text'                   => array(
					'description' => __( 'Text of the call to action; empty for the default.', 'solar-capture' ),
					'type'        => 'string',
					'maxLength'   => self::CTA_TEXT_MAX,
					'arg_options' => array( 'sanitize_callback' => 'sanitize_text_field' ),
				),
				'consent_text'               => array(
					'description' => __( 'Text of the quote form\'s consent checkbox; empty for the default.', 'solar-capture' ),
					'type'        => 'string',
					'maxLength'   => self::CONSENT_TEXT_MAX,
					'arg_options' => array( 'sanitize_callback' => 'sanitize_text_field' ),
				),
				'notification_email'         => array(
					'description' => __( 'Address notified of new leads and bookings; empty for the site\'s administration e-mail.', 'solar-capture' ),
					'type'        => 'string',
					'maxLength'   => 190,
				),
				'notify_on_booking'          => array(
					'description' => __( 'Whether an e-mail is sent when a booking arrives.', 'solar-capture' ),
					'type'        => 'boolean',
				),
				'delete_data_on_uninstall'   => array(
					'description' => __( 'Whether deleting the plugin also deletes its leads, bookings, deliveries and settings.', 'solar-capture' ),
					'type'        => 'boolean',
				),
				'cta_text_default'           => array(
					'description' => __( 'The call to action text used when cta_text is empty.', 'solar-capture' ),
					'type'        => 'string',
					'readonly'    => true,
				),
				'consent_text_default'       => array(
					'description' => __( 'The consent text used when consent_text is empty.', 'solar-capture' ),
					'type'        => 'string',
					'readonly'    => true,
				),
				'notification_email_default' => array(
					'description' => __( 'The address used when notification_email is empty.', 'solar-capture' ),
					'type'        => 'string',
					'readonly'    => true,
				),
			),
		);
		return $this->add_additional_fields_schema( $this->schema );
	}
}
