<?php
/**
 * /solar-capture/v1/integrations: the Integrations screen's data and each provider's settings.
 *
 * @package SolarCapture
 */

namespace SolarCapture\Rest;

use SolarCapture\Deliveries\Delivery_Repository;
use SolarCapture\Http;
use SolarCapture\Integrations\Answer_Map;
use SolarCapture\Integrations\Provider_Card;
use SolarCapture\Integrations\Test_Delivery;
use SolarCapture\Integrations\Webhook_Url_Check;
use SolarCapture\Providers;
use SolarCapture\Settings;
use SolarCapture\Sidecar;
use WP_Error;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

defined( 'ABSPATH' ) || exit;

/**
 * Provider cards (never a stored secret), secret generation, provider settings, the sidecar's
 * health, the webhook URL check (Integrations\Webhook_Url_Check) and test deliveries
 * (Integrations\Test_Delivery). Calendly's registration: Calendly_Controller.
 */
final class Integrations_Controller {

	use Permissions;

	public const NAMESPACE = 'solar-capture/v1';

	/**
	 * Most time the screen may wait for the sidecar's health and the webhook URL check (run in parallel).
	 */
	private const CHECK_TIMEOUT_MS = 1000;

	/**
	 * The HTTP client.
	 *
	 * @var Http
	 */
	private $http;

	/**
	 * The webhook URL check.
	 *
	 * @var Webhook_Url_Check
	 */
	private $check;

	/**
	 * Test deliveries.
	 *
	 * @var Test_Delivery
	 */
	private $test;

	/**
	 * The inbox (queued and failed counts while the sidecar is down).
	 *
	 * @var Delivery_Repository
	 */
	private $deliveries;

	/**
	 * Constructor.
	 *
	 * @param Http                $http       The HTTP client.
	 * @param Webhook_Url_Check   $check      The webhook URL check.
	 * @param Test_Delivery       $test       Test deliveries.
	 * @param Delivery_Repository $deliveries The inbox.
	 */
	public function __construct( Http $http, Webhook_Url_Check $check, Test_Delivery $test, Delivery_Repository $deliveries ) {
		$this->http       = $http;
		$this->check      = $check;
		$this->test       = $test;
		$this->deliveries = $deliveries;
	}

	/**
	 * Register the routes.
	 */
	public function register_routes(): void {
		$provider_pattern = '(?P<provider>' . implode( '|', Providers::ids() ) . ')';
		$provider_arg     = array(
			'provider' => array(
				'description' => __( 'Provider id.', 'solar-capture' ),
				'type'        => 'string',
				'enum'        => Providers::ids(),
			),
		);

		$this->admin_route(
			'/integrations',
			WP_REST_Server::READABLE,
			'get_integrations',
			array(
				'recheck' => array(
					'description' => __( 'Check the webhook URL again now instead of using the result of the last five minutes.', 'solar-capture' ),
					'type'        => 'boolean',
					'default'     => false,
				),
			),
			'get_integrations_schema'
		);

		$this->admin_route(
			'/integrations/' . $provider_pattern,
			WP_REST_Server::EDITABLE,
			'update_provider',
			array_merge(
				$provider_arg,
				array(
					'enabled'         => array(
						'description' => __( 'Whether deliveries from this provider are processed.', 'solar-capture' ),
						'type'        => 'boolean',
					),
					'accept_unsigned' => array(
						'description' => __( 'Whether unsigned deliveries are accepted while no secret is set.', 'solar-capture' ),
						'type'        => 'boolean',
					),
					'booking_url'     => array(
						'description' => __( 'Booking page URL used by the quote form\'s call to action.', 'solar-capture' ),
						'type'        => 'string',
						'maxLength'   => 2000,
					),
					'secret_env'      => array(
						'description' => __( 'Name of an environment variable of the sidecar holding the secret (stored as env:NAME).', 'solar-capture' ),
						'type'        => 'string',
						'pattern'     => '^(env:)?[A-Za-z_][A-Za-z0-9_]*$',
					),
					'remove_secret'   => array(
						'description' => __( 'Remove the secret (and the previous one).', 'solar-capture' ),
						'type'        => 'boolean',
					),
					'answer_map'      => Answer_Map::arg(),
				)
			),
			'get_provider_schema'
		);

		$this->admin_route(
			'/integrations/' . $provider_pattern . '/secret',
			WP_REST_Server::CREATABLE,
			'generate_secret',
			array_merge(
				$provider_arg,
				array(
					'keep_previous' => array(
						'description' => __( 'Whether the replaced secret keeps verifying for 24 hours (a planned change), or stops at once (it leaked).', 'solar-capture' ),
						'type'        => 'boolean',
						'default'     => true,
					),
				)
			),
			'get_secret_schema'
		);

		$this->admin_route(
			'/integrations/' . $provider_pattern . '/test',
			WP_REST_Server::CREATABLE,
			'send_test',
			$provider_arg,
			'get_test_schema'
		);
	}

	/**
	 * GET /integrations
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response
	 */
	public function get_integrations( WP_REST_Request $request ): WP_REST_Response {
		$providers = array();
		foreach ( Providers::ids() as $id ) {
			$providers[] = Provider_Card::present( $id, Settings::get_provider( $id ) );
		}

		// The sidecar's health and (when not cached) the webhook URL check, in parallel.
		$url      = Providers::webhook_url( Providers::default_id() );
		$check    = empty( $request['recheck'] ) ? $this->check->cached( $url ) : null;
		$requests = array( 'sidecar' => Sidecar::health_request( self::CHECK_TIMEOUT_MS ) );
		if ( null === $check ) {
			$requests['webhook'] = $this->check->request( $url, self::CHECK_TIMEOUT_MS );
		}
		$results = $this->http->run( $requests );
		if ( null === $check ) {
			$check = $this->check->judge( $url, $results['webhook'] );
		}

		return new WP_REST_Response(
			array(
				'providers'     => $providers,
				'sidecar'       => $this->sidecar_status( Sidecar::parse_health( $results['sidecar'] ) ),
				'webhook_check' => $check,
			),
			200
		);
	}

	/**
	 * POST /integrations/<provider>/secret: generate (or rotate) the secret and show it this once.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response
	 */
	public function generate_secret( WP_REST_Request $request ): WP_REST_Response {
		$provider = (string) $request['provider'];
		$secret   = Settings::rotate_secret( $provider, (bool) $request['keep_previous'] );

		// The only answer that ever carries a secret; `provider` is the updated card.
		$response = new WP_REST_Response(
			array(
				'secret'   => $secret,
				'provider' => Provider_Card::present( $provider, Settings::get_provider( $provider ) ),
			),
			200
		);
		$response->header( 'Cache-Control', 'no-store' );
		return $response;
	}

	/**
	 * POST|PUT|PATCH /integrations/<provider>: enable, accept unsigned, booking URL, env secret, remove secret, answer map.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function update_provider( WP_REST_Request $request ) {
		$provider = (string) $request['provider'];
		$changes  = array();

		if ( $request->has_param( 'enabled' ) ) {
			$changes['enabled'] = (bool) $request['enabled'];
		}
		if ( $request->has_param( 'accept_unsigned' ) ) {
			// On for 24 hours from now (each time it is ticked), then off by itself.
			$changes = array_merge( $changes, Settings::unsigned_changes( (bool) $request['accept_unsigned'] ) );
		}
		if ( $request->has_param( 'booking_url' ) ) {
			$url = trim( (string) $request['booking_url'] );
			if ( '' !== $url ) {
				$url = preg_match( '#^https?://[^/\s]+#i', $url ) ? esc_url_raw( $url, array( 'http', 'https' ) ) : '';
				if ( '' === $url ) {
					return new WP_Error( 'rest_invalid_param', __( 'The booking page URL must start with http:// or https://.', 'solar-capture' ), array( 'status' => 400 ) );
				}
			}
			$changes['booking_url'] = $url;
		}

		if ( $request->has_param( 'answer_map' ) ) {
			$map = Answer_Map::sanitize( $request['answer_map'] );
			if ( is_wp_error( $map ) ) {
				return $map;
			}
			$changes['answer_map'] = $map;
		}

		$current = Settings::get_provider( $provider );
		if ( ! empty( $request['remove_secret'] ) ) {
			$changes['secret']                  = '';
			$changes['previous_secret']         = null;
			$changes['previous_secret_expires'] = null;
			// Without a secret every delivery is refused: never accepted unsigned unless ticked again.
			$changes = array_merge( $changes, Settings::unsigned_changes( false ) );
		} elseif ( $request->has_param( 'secret_env' ) ) {
			$name = preg_replace( '/^env:/', '', (string) $request['secret_env'] );
			if ( ! Providers::secret_env_allowed( $name ) ) {
				return new WP_Error( 'solar_capture_secret_env_refused', Providers::secret_env_refusal( $name ), array( 'status' => 400 ) );
			}
			$reference = 'env:' . $name;
			if ( ( $current['secret'] ?? '' ) !== $reference ) {
				$changes           = array_merge( $changes, Settings::previous_secret_changes( $current ) );
				$changes['secret'] = $reference;
			}
		}

		$settings = $changes ? Settings::update_provider( $provider, $changes ) : $current;
		return new WP_REST_Response( Provider_Card::present( $provider, $settings ), 200 );
	}

	/**
	 * POST /integrations/<provider>/test: sign a test delivery exactly as the provider would, with
	 * its current secret, post it to the public webhook URL and report the answer.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function send_test( WP_REST_Request $request ) {
		$result = $this->test->send( (string) $request['provider'] );
		return is_wp_error( $result ) ? $result : new WP_REST_Response( $result, 200 );
	}

	/**
	 * The sidecar's health line; counts come from the database when the sidecar is down.
	 *
	 * @param array $health Sidecar::parse_health() result.
	 * @return array{reachable:bool, version:?string, queued:int, failed:int, message:string}
	 */
	private function sidecar_status( array $health ): array {
		if ( null === $health['queued'] || null === $health['failed'] ) {
			$counts           = $this->deliveries->count_by_status( array( 'queued', 'failed' ) );
			$health['queued'] = $health['queued'] ?? $counts['queued'];
			$health['failed'] = $health['failed'] ?? $counts['failed'];
		}

		if ( ! $health['reachable'] ) {
			$message = sprintf(
				/* translators: %s: the sidecar's address. */
				__( 'The sidecar is not running at %s. Deliveries are still stored and will be processed once it starts.', 'solar-capture' ),
				Settings::sidecar_url()
			);
		} elseif ( ! $health['ok'] ) {
			$message = __( 'The sidecar is running but cannot reach the database.', 'solar-capture' );
		} else {
			$message = sprintf(
				/* translators: 1: version, 2: number of queued deliveries. */
				_n( 'Sidecar %1$s is running; %2$d delivery is waiting.', 'Sidecar %1$s is running; %2$d deliveries are waiting.', (int) $health['queued'], 'solar-capture' ),
				(string) $health['version'],
				(int) $health['queued']
			);
		}

		return array(
			'reachable' => $health['reachable'],
			'version'   => $health['version'],
			'queued'    => (int) $health['queued'],
			'failed'    => (int) $health['failed'],
			'message'   => $message,
		);
	}

	/**
	 * Schema of a provider card (POST /integrations/<provider>).
	 *
	 * @return array
	 */
	public function get_provider_schema(): array {
		return self::object_schema(
			'solar-integration-provider',
			Provider_Card::properties(),
		);
	}

	/**
	 * Schema of GET /integrations.
	 *
	 * @return array
	 */
	public function get_integrations_schema(): array {
		return self::object_schema(
			'solar-integrations',
			array(
				'providers'     => array(
					'description' => __( 'One card per provider.', 'solar-capture' ),
					'type'        => 'array',
					'readonly'    => true,
					'items'       => array(
						'type'       => 'object',
						'properties' => Provider_Card::properties(),
					),
				),
				'sidecar'       => array(
					'description' => __( 'The sidecar\'s health.', 'solar-capture' ),
					'type'        => 'object',
					'readonly'    => true,
					'properties'  => array(
						'reachable' => array( 'type' => 'boolean' ),
						'version'   => array( 'type' => array( 'string', 'null' ) ),
						'queued'    => array( 'type' => 'integer' ),
						'failed'    => array( 'type' => 'integer' ),
						'message'   => array( 'type' => 'string' ),
					),
				),
				'webhook_check' => array(
					'description' => __( 'Whether the webhook URL answers directly (checked at most every five minutes, without following redirects).', 'solar-capture' ),
					'type'        => 'object',
					'readonly'    => true,
					'properties'  => array(
						'url'        => array( 'type' => 'string' ),
						'redirects'  => array( 'type' => 'boolean' ),
						'status'     => array( 'type' => array( 'integer', 'null' ) ),
						'location'   => array( 'type' => array( 'string', 'null' ) ),
						'message'    => array( 'type' => 'string' ),
						'checked_at' => array(
							'type'   => 'string',
							'format' => 'date-time',
						),
					),
				),
			),
		);
	}

	/**
	 * Schema of POST /integrations/<provider>/secret.
	 *
	 * @return array
	 */
	public function get_secret_schema(): array {
		return self::object_schema(
			'solar-integration-secret',
			array(
				'secret'   => array(
					'description' => __( 'The new secret, shown this once.', 'solar-capture' ),
					'type'        => 'string',
					'readonly'    => true,
				),
				'provider' => array(
					'description' => __( 'The updated provider card.', 'solar-capture' ),
					'type'        => 'object',
					'readonly'    => true,
					'properties'  => Provider_Card::properties(),
				),
			),
		);
	}

	/**
	 * Schema of POST /integrations/<provider>/test.
	 *
	 * @return array
	 */
	public function get_test_schema(): array {
		return self::object_schema(
			'solar-integration-test',
			array(
				'provider'    => array( 'type' => 'string' ),
				'url'         => array(
					'description' => __( 'Where the test delivery was posted.', 'solar-capture' ),
					'type'        => 'string',
				),
				'signed'      => array(
					'description' => __( 'Whether it was signed (false when the provider has no secret).', 'solar-capture' ),
					'type'        => 'boolean',
				),
				'http_status' => array(
					'description' => __( 'HTTP status the webhook route answered; 0 when it could not be reached.', 'solar-capture' ),
					'type'        => 'integer',
				),
				'status'      => array(
					'description' => __( 'The delivery\'s outcome (ignored for a good test delivery, rejected…), or the error code.', 'solar-capture' ),
					'type'        => array( 'string', 'null' ),
				),
				'message'     => array( 'type' => 'string' ),
				'delivery_id' => array( 'type' => array( 'integer', 'null' ) ),
			),
		);
	}
}
