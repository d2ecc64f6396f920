<?php
/**
 * POST /solar-capture/v1/integrations/calendly/register: "Register webhook with Calendly".
 *
 * @package SolarCapture
 */

namespace SolarCapture\Rest;

use SolarCapture\Integrations\Calendly_Client;
use SolarCapture\Integrations\Provider_Card;
use SolarCapture\Providers;
use SolarCapture\Settings;
use WP_Error;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

defined( 'ABSPATH' ) || exit;

/**
 * With a personal access token (used for this request only), subscribe this site's webhook URL
 * in Calendly with a new signing key and store that key as Calendly's secret.
 */
final class Calendly_Controller {

	use Permissions;

	public const NAMESPACE = 'solar-capture/v1';

	/**
	 * Calendly's API.
	 *
	 * @var Calendly_Client
	 */
	private $calendly;

	/**
	 * Constructor.
	 *
	 * @param Calendly_Client $calendly Calendly's API.
	 */
	public function __construct( Calendly_Client $calendly ) {
		$this->calendly = $calendly;
	}

	/**
	 * Register the route.
	 */
	public function register_routes(): void {
		$this->admin_route(
			'/integrations/calendly/register',
			WP_REST_Server::CREATABLE,
			'register',
			array(
				'token'   => array(
					'description'       => __( 'A Calendly personal access token. Used for this request only, never stored.', 'solar-capture' ),
					'type'              => 'string',
					'required'          => true,
					'minLength'         => 1,
					'maxLength'         => 4096,
					'sanitize_callback' => static function ( $value ) {
						return trim( (string) $value );
					},
				),
				'replace' => array(
					'description' => __( 'When Calendly already has a subscription for this site\'s webhook URL, delete it and subscribe again with a new signing key.', 'solar-capture' ),
					'type'        => 'boolean',
					'default'     => false,
				),
			),
			'get_item_schema'
		);
	}

	/**
	 * POST /integrations/calendly/register
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function register( WP_REST_Request $request ) {
		$token = (string) $request['token'];
		if ( '' === $token ) {
			return new WP_Error( 'rest_invalid_param', __( 'Paste a Calendly personal access token.', 'solar-capture' ), array( 'status' => 400 ) );
		}
		$key    = Settings::generate_secret();
		$result = $this->calendly->subscribe( $token, Providers::webhook_url( 'calendly' ), $key, ! empty( $request['replace'] ) );
		if ( is_wp_error( $result ) ) {
			return $result;
		}

		$settings = Settings::update_provider(
			'calendly',
			array_merge(
				Settings::previous_secret_changes( Settings::get_provider( 'calendly' ) ),
				array(
					'secret'           => $key,
					'enabled'          => true,
					'subscription_uri' => $result['subscription_uri'],
					'registered_at'    => gmdate( 'Y-m-d H:i:s' ),
				)
			)
		);

		return new WP_REST_Response(
			array(
				'registered'       => true,
				'subscription_uri' => $result['subscription_uri'],
				'replaced'         => $result['replaced'],
				'events'           => Calendly_Client::EVENTS,
				'provider'         => Provider_Card::present( 'calendly', $settings ),
			),
			201
		);
	}

	/**
	 * Schema of the answer.
	 *
	 * @return array
	 */
	public function get_item_schema(): array {
		return self::object_schema(
			'solar-integration-calendly-registration',
			array(
				'registered'       => array( 'type' => 'boolean' ),
				'subscription_uri' => array( 'type' => 'string' ),
				'replaced'         => array(
					'description' => __( 'The subscription that was deleted first (replace only).', 'solar-capture' ),
					'type'        => array( 'string', 'null' ),
				),
				'events'           => array(
					'type'  => 'array',
					'items' => array( 'type' => 'string' ),
				),
				'provider'         => Provider_Card::schema( __( 'The updated provider card.', 'solar-capture' ) ),
			),
		);
	}
}
