<?php
/**
 * /solar-capture/v1/integrations: the Integrations screen's data.
 *
 * @package SolarCapture
 */

namespace SolarCapture\Rest;

use SolarCapture\Http;
use SolarCapture\Schema;
use SolarCapture\Settings;
use SolarCapture\Sidecar;
use WP_Error;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

defined( 'ABSPATH' ) || exit;

/**
 * Provider cards (never a stored secret), secret generation, provider settings, sidecar health,
 * the check that the webhook URL does not redirect, test deliveries and Calendly's registration.
 */
final class Integrations_Controller {

	use Permissions;

	public const NAMESPACE = 'solar-capture/v1';

	/**
	 * Transient caching the webhook URL check.
	 */
	public const CHECK_TRANSIENT = 'solar_capture_webhook_check';

	/**
	 * How long a webhook URL check is reused (an unreachable result: one minute).
	 */
	private const CHECK_TTL        = 5 * MINUTE_IN_SECONDS;
	private const CHECK_TTL_FAILED = MINUTE_IN_SECONDS;

	/**
	 * Most time the screen may wait for the sidecar's health and the webhook URL check (run in parallel).
	 */
	private const CHECK_TIMEOUT_MS = 1000;

	/**
	 * Events Solar Capture subscribes to in Calendly.
	 */
	public const CALENDLY_EVENTS = array( 'invitee.created', 'invitee.canceled', 'invitee_no_show.created', 'invitee_no_show.deleted' );

	/**
	 * Calendly's API when SOLAR_CAPTURE_CALENDLY_API is not set.
	 */
	public const CALENDLY_API = 'https://api.calendly.com';

	/**
	 * Register the routes.
	 */
	public function register_routes(): void {
		$provider_pattern = '(?P<provider>' . implode( '|', Settings::PROVIDER_IDS ) . ')';
		$provider_arg     = array(
			'provider' => array(
				'description' => __( 'Provider id.', 'solar-capture' ),
				'type'        => 'string',
				'enum'        => Settings::PROVIDER_IDS,
			),
		);

		register_rest_route(
			self::NAMESPACE,
			'/integrations',
			array(
				array(
					'methods'             => WP_REST_Server::READABLE,
					'callback'            => array( $this, 'get_integrations' ),
					'permission_callback' => array( $this, 'check_manage_permission' ),
					'args'                => array(
						'recheck' => array(
							'description' => __( 'Check the webhook URL again now instead of using the result of the last five minutes.', 'solar-capture' ),
							'type'        => 'boolean',
							'default'     => false,
						),
					),
				),
				'schema' => array( $this, 'get_integrations_schema' ),
			)
		);

		register_rest_route(
			self::NAMESPACE,
			'/integrations/' . $provider_pattern,
			array(
				array(
					'methods'             => WP_REST_Server::EDITABLE,
					'callback'            => array( $this, 'update_provider' ),
					'permission_callback' => array( $this, 'check_manage_permission' ),
					'args'                => array_merge(
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
						)
					),
				),
				'schema' => array( $this, 'get_provider_schema' ),
			)
		);

		register_rest_route(
			self::NAMESPACE,
			'/integrations/' . $provider_pattern . '/secret',
			array(
				array(
					'methods'             => WP_REST_Server::CREATABLE,
					'callback'            => array( $this, 'generate_secret' ),
					'permission_callback' => array( $this, 'check_manage_permission' ),
					'args'                => $provider_arg,
				),
				'schema' => array( $this, 'get_secret_schema' ),
			)
		);

		register_rest_route(
			self::NAMESPACE,
			'/integrations/' . $provider_pattern . '/test',
			array(
				array(
					'methods'             => WP_REST_Server::CREATABLE,
					'callback'            => array( $this, 'send_test' ),
					'permission_callback' => array( $this, 'check_manage_permission' ),
					'args'                => $provider_arg,
				),
				'schema' => array( $this, 'get_test_schema' ),
			)
		);

		register_rest_route(
			self::NAMESPACE,
			'/integrations/calendly/register',
			array(
				array(
					'methods'             => WP_REST_Server::CREATABLE,
					'callback'            => array( $this, 'register_calendly' ),
					'permission_callback' => array( $this, 'check_manage_permission' ),
					'args'                => array(
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
				),
				'schema' => array( $this, 'get_calendly_schema' ),
			)
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
		foreach ( Settings::PROVIDER_IDS as $id ) {
			$providers[] = $this->prepare_provider( $id, Settings::get_provider( $id ) );
		}

		$url    = self::webhook_url( 'calcom' );
		$cached = empty( $request['recheck'] ) ? get_transient( self::CHECK_TRANSIENT ) : false;
		$check  = is_array( $cached ) && ( $cached['url'] ?? '' ) === $url ? $cached : null;

		// The sidecar's health and (when not cached) the webhook URL check, in parallel.
		$requests = array(
			'sidecar' => array(
				'method'     => 'GET',
				'url'        => Settings::sidecar_url() . '/health',
				'headers'    => array( 'Accept: application/json' ),
				'connect_ms' => self::CHECK_TIMEOUT_MS,
				'total_ms'   => self::CHECK_TIMEOUT_MS,
			),
		);
		if ( null === $check ) {
			$requests['webhook'] = self::webhook_check_request( $url );
		}
		$results = Http::run( $requests );

		if ( null === $check ) {
			$check = self::describe_webhook_check( $url, $results['webhook'] );
			set_transient( self::CHECK_TRANSIENT, $check, null === $check['status'] ? self::CHECK_TTL_FAILED : self::CHECK_TTL );
		}

		$answer = $results['sidecar'];
		return new WP_REST_Response(
			array(
				'providers'     => $providers,
				'sidecar'       => $this->sidecar_status( Sidecar::parse_health( $answer['code'] ? $answer : null ) ),
				'webhook_check' => $check,
			),
			200
		);
	}

	/**
	 * The request checking the webhook URL: OPTIONS (answered by WordPress's REST server for a
	 * known route, stores nothing) without following redirects, as booking tools do not.
	 *
	 * @param string $url Webhook URL.
	 * @return array
	 */
	private static function webhook_check_request( string $url ): array {
		return array(
			'method'     => 'OPTIONS',
			'url'        => $url,
			'headers'    => array( 'Accept: application/json' ),
			'connect_ms' => self::CHECK_TIMEOUT_MS,
			'total_ms'   => self::CHECK_TIMEOUT_MS,
		);
	}

	/**
	 * The webhook check as the screen shows it.
	 *
	 * @param string $url    Checked URL.
	 * @param array  $result Http result.
	 * @return array{url:string, redirects:bool, status:?int, location:?string, message:string, checked_at:string}
	 */
	private static function describe_webhook_check( string $url, array $result ): array {
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

	/**
	 * POST /integrations/<provider>/secret: generate (or rotate) the secret and show it this once.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response
	 */
	public function generate_secret( WP_REST_Request $request ): WP_REST_Response {
		$provider = (string) $request['provider'];
		$secret   = Settings::rotate_secret( $provider );

		// The only answer that ever carries a secret; `provider` is the updated card.
		$response = new WP_REST_Response(
			array(
				'secret'   => $secret,
				'provider' => $this->prepare_provider( $provider, Settings::get_provider( $provider ) ),
			),
			200
		);
		$response->header( 'Cache-Control', 'no-store' );
		return $response;
	}

	/**
	 * POST|PUT|PATCH /integrations/<provider>: enable, accept unsigned, booking URL, env secret, remove secret.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function update_provider( WP_REST_Request $request ) {
		$provider = (string) $request['provider'];
		$changes  = array();

		foreach ( array( 'enabled', 'accept_unsigned' ) as $flag ) {
			if ( $request->has_param( $flag ) ) {
				$changes[ $flag ] = (bool) $request[ $flag ];
			}
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

		$current = Settings::get_provider( $provider );
		if ( ! empty( $request['remove_secret'] ) ) {
			$changes['secret']                  = '';
			$changes['previous_secret']         = null;
			$changes['previous_secret_expires'] = null;
		} elseif ( $request->has_param( 'secret_env' ) ) {
			$name      = preg_replace( '/^env:/', '', (string) $request['secret_env'] );
			$reference = 'env:' . $name;
			if ( ( $current['secret'] ?? '' ) !== $reference ) {
				$changes           = array_merge( $changes, Settings::previous_secret_changes( $current ) );
				$changes['secret'] = $reference;
			}
		}

		$settings = $changes ? Settings::update_provider( $provider, $changes ) : $current;
		return new WP_REST_Response( $this->prepare_provider( $provider, $settings ), 200 );
	}

	/**
	 * POST /integrations/<provider>/test: sign a test delivery exactly as the provider would, with
	 * its current secret, post it to the public webhook URL and report the answer.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function send_test( WP_REST_Request $request ) {
		$provider = (string) $request['provider'];
		$settings = Settings::get_provider( $provider );
		$secret   = self::resolve_secret( $settings['secret'] ?? '' );
		if ( is_wp_error( $secret ) ) {
			return $secret;
		}

		$delivery = self::test_delivery( $provider, $secret );
		$url      = self::webhook_url( $provider );
		$result   = Http::request(
			array(
				'method'     => 'POST',
				'url'        => $url,
				'headers'    => $delivery['headers'],
				'body'       => $delivery['body'],
				'connect_ms' => 3000,
				// The route waits up to 15 s for the sidecar.
				'total_ms'   => 25000,
				'user_agent' => 'Solar Capture test delivery',
			)
		);

		$body = json_decode( $result['body'], true );
		$body = is_array( $body ) ? $body : array();
		if ( 0 === $result['code'] ) {
			$status  = 'unreachable';
			$message = sprintf(
				/* translators: 1: the webhook URL, 2: the error. */
				__( 'The test delivery could not reach %1$s: %2$s', 'solar-capture' ),
				$url,
				$result['error']
			);
		} else {
			$status  = isset( $body['status'] ) && is_string( $body['status'] ) ? $body['status'] : ( isset( $body['code'] ) && is_string( $body['code'] ) ? $body['code'] : null );
			$message = isset( $body['message'] ) && is_scalar( $body['message'] ) ? (string) $body['message'] : '';
			if ( $result['code'] >= 300 && $result['code'] < 400 ) {
				$message = sprintf(
					/* translators: 1: HTTP status, 2: the address it redirects to. */
					__( 'The webhook URL answered with a redirect (HTTP %1$d to %2$s). Booking tools do not follow redirects.', 'solar-capture' ),
					$result['code'],
					(string) $result['redirect_url']
				);
			} elseif ( '' === $message ) {
				/* translators: %d: HTTP status. */
				$message = sprintf( __( 'The webhook URL answered HTTP %d.', 'solar-capture' ), $result['code'] );
			}
		}

		return new WP_REST_Response(
			array(
				'provider'    => $provider,
				'url'         => $url,
				'signed'      => null !== $secret,
				'http_status' => (int) $result['code'],
				'status'      => $status,
				'message'     => $message,
				'delivery_id' => isset( $body['delivery_id'] ) && is_numeric( $body['delivery_id'] ) ? (int) $body['delivery_id'] : null,
			),
			200
		);
	}

	/**
	 * The provider's current secret: the stored one, an `env:NAME` reference resolved from PHP's
	 * environment, or null when none is set (the test then goes unsigned, as the tool would).
	 *
	 * @param mixed $stored Stored secret.
	 * @return string|null|WP_Error
	 */
	private static function resolve_secret( $stored ) {
		if ( ! is_string( $stored ) || '' === $stored ) {
			return null;
		}
		if ( ! Settings::is_env_reference( $stored ) ) {
			return $stored;
		}
		$name  = substr( $stored, 4 );
		$value = getenv( $name );
		if ( ! is_string( $value ) || '' === $value ) {
			// phpcs:ignore WordPress.Security.ValidatedSanitizedInput -- compared, never output.
			$value = isset( $_SERVER[ $name ] ) && is_string( $_SERVER[ $name ] ) ? $_SERVER[ $name ] : '';
		}
		if ( '' === $value ) {
			return new WP_Error(
				'solar_capture_secret_not_visible',
				sprintf(
					/* translators: %s: environment variable name. */
					__( 'The secret is read from the sidecar\'s environment variable %s, which WordPress cannot see, so the test delivery cannot be signed here. Send a test from the booking tool instead.', 'solar-capture' ),
					$name
				),
				array( 'status' => 409 )
			);
		}
		return $value;
	}

	/**
	 * A test delivery signed the way each tool signs its own.
	 *
	 * @param string      $provider Provider id.
	 * @param string|null $secret   Secret, null for an unsigned delivery.
	 * @return array{body:string, headers:string[]}
	 */
	public static function test_delivery( string $provider, ?string $secret ): array {
		$now     = time();
		$iso     = gmdate( 'Y-m-d\TH:i:s.000\Z', $now );
		$headers = array( 'Content-Type: application/json' );

		switch ( $provider ) {
			case 'calcom':
				// What Cal.com's own "Ping test" sends.
				$body      = array(
					'triggerEvent' => 'PING',
					'createdAt'    => $iso,
					'payload'      => array(
						'type'        => 'Test',
						'title'       => 'Test trigger event',
						'description' => '',
						'startTime'   => $iso,
						'endTime'     => $iso,
						'attendees'   => array(
							array(
								'email'    => 'jdoe@example.com',
								'name'     => 'John Doe',
								'timeZone' => 'Europe/London',
								'language' => array( 'locale' => 'en' ),
							),
						),
						'organizer'   => array(
							'name'     => 'Cal',
							'email'    => 'no-reply@cal.com',
							'timeZone' => 'Europe/London',
							'language' => array( 'locale' => 'en' ),
						),
					),
				);
				$raw       = (string) wp_json_encode( $body, JSON_UNESCAPED_SLASHES );
				$headers[] = 'X-Cal-Signature-256: ' . ( null === $secret ? 'no-secret-provided' : hash_hmac( 'sha256', $raw, $secret ) );
				$headers[] = 'X-Cal-Webhook-Version: 2021-10-20';
				break;

			case 'calendly':
				$body = array(
					'event'      => 'solar_capture.test',
					'created_at' => $iso,
					'created_by' => 'solar-capture',
					'payload'    => array( 'message' => 'Test delivery from Solar Capture' ),
				);
				$raw  = (string) wp_json_encode( $body, JSON_UNESCAPED_SLASHES );
				if ( null !== $secret ) {
					$headers[] = 'Calendly-Webhook-Signature: t=' . $now . ',v1=' . hash_hmac( 'sha256', $now . '.' . $raw, $secret );
				}
				break;

			case 'orufy':
				$body = array(
					'eventType' => 'TEST',
					'createdAt' => $iso,
					'meetData'  => new \stdClass(),
				);
				$raw  = (string) wp_json_encode( $body, JSON_UNESCAPED_SLASHES );
				if ( null !== $secret ) {
					$headers[] = 'Authorization: Bearer ' . $secret;
				}
				break;

			default:
				$raw = '{"test":true}';
				if ( null !== $secret ) {
					$headers[] = 'Authorization: Bearer ' . $secret;
				}
		}

		return array(
			'body'    => $raw,
			'headers' => $headers,
		);
	}

	/**
	 * POST /integrations/calendly/register: with a personal access token, find the user and
	 * organisation (GET /users/me), subscribe this site's webhook URL (POST /webhook_subscriptions)
	 * with a new signing key, and store that key as Calendly's secret. The token is not stored.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function register_calendly( WP_REST_Request $request ) {
		$token = (string) $request['token'];
		if ( '' === $token ) {
			return new WP_Error( 'rest_invalid_param', __( 'Paste a Calendly personal access token.', 'solar-capture' ), array( 'status' => 400 ) );
		}
		$base = self::calendly_api();

		$me = self::calendly( 'GET', $base . '/users/me', $token );
		if ( is_wp_error( $me ) ) {
			return $me;
		}
		$user         = is_string( $me['body']['resource']['uri'] ?? null ) ? $me['body']['resource']['uri'] : '';
		$organization = is_string( $me['body']['resource']['current_organization'] ?? null ) ? $me['body']['resource']['current_organization'] : '';
		if ( 200 !== $me['code'] || '' === $user || '' === $organization ) {
			return self::calendly_error( $me, __( 'Calendly did not say which user and organisation this token belongs to.', 'solar-capture' ) );
		}

		$callback = self::webhook_url( 'calendly' );
		$key      = Settings::generate_secret();
		$payload  = array(
			'url'          => $callback,
			'events'       => self::CALENDLY_EVENTS,
			'organization' => $organization,
			'user'         => $user,
			'scope'        => 'user',
			'signing_key'  => $key,
		);

		$created = self::calendly( 'POST', $base . '/webhook_subscriptions', $token, $payload );
		if ( is_wp_error( $created ) ) {
			return $created;
		}
		$replaced = null;
		if ( 409 === $created['code'] && ! empty( $request['replace'] ) ) {
			$replaced = self::delete_calendly_subscription( $base, $token, $organization, $user, $callback );
			if ( is_wp_error( $replaced ) ) {
				return $replaced;
			}
			$created = self::calendly( 'POST', $base . '/webhook_subscriptions', $token, $payload );
			if ( is_wp_error( $created ) ) {
				return $created;
			}
		}
		if ( 409 === $created['code'] ) {
			return new WP_Error(
				'solar_capture_calendly_already_subscribed',
				__( 'Calendly already has a webhook subscription for this site\'s webhook URL. Its signing key cannot be read back: register again with "replace the existing subscription" to delete it and subscribe with a new key.', 'solar-capture' ),
				array( 'status' => 409 )
			);
		}
		if ( $created['code'] < 200 || $created['code'] >= 300 ) {
			return self::calendly_error( $created, __( 'Calendly did not create the webhook subscription.', 'solar-capture' ) );
		}
		$subscription = is_string( $created['body']['resource']['uri'] ?? null ) ? $created['body']['resource']['uri'] : '';

		$current  = Settings::get_provider( 'calendly' );
		$settings = Settings::update_provider(
			'calendly',
			array_merge(
				Settings::previous_secret_changes( $current ),
				array(
					'secret'           => $key,
					'enabled'          => true,
					'subscription_uri' => $subscription,
					'registered_at'    => gmdate( 'Y-m-d H:i:s' ),
				)
			)
		);

		return new WP_REST_Response(
			array(
				'registered'       => true,
				'subscription_uri' => $subscription,
				'replaced'         => $replaced,
				'events'           => self::CALENDLY_EVENTS,
				'provider'         => $this->prepare_provider( 'calendly', $settings ),
			),
			201
		);
	}

	/**
	 * Delete Calendly's existing subscription for $callback (listed with the user scope).
	 *
	 * @param string $base         API base URL.
	 * @param string $token        Personal access token.
	 * @param string $organization Organisation URI.
	 * @param string $user         User URI.
	 * @param string $callback     Our webhook URL.
	 * @return string|null|WP_Error The deleted subscription's URI, null when none matched.
	 */
	private static function delete_calendly_subscription( string $base, string $token, string $organization, string $user, string $callback ) {
		$list = self::calendly(
			'GET',
			add_query_arg(
				array(
					'organization' => rawurlencode( $organization ),
					'user'         => rawurlencode( $user ),
					'scope'        => 'user',
					'count'        => 100,
				),
				$base . '/webhook_subscriptions'
			),
			$token
		);
		if ( is_wp_error( $list ) ) {
			return $list;
		}
		if ( 200 !== $list['code'] ) {
			return self::calendly_error( $list, __( 'Calendly did not list the existing webhook subscriptions.', 'solar-capture' ) );
		}
		foreach ( (array) ( $list['body']['collection'] ?? array() ) as $item ) {
			if ( is_array( $item ) && ( $item['callback_url'] ?? '' ) === $callback && is_string( $item['uri'] ?? null ) ) {
				$deleted = self::calendly( 'DELETE', $item['uri'], $token );
				if ( is_wp_error( $deleted ) ) {
					return $deleted;
				}
				if ( $deleted['code'] >= 300 && 404 !== $deleted['code'] ) {
					return self::calendly_error( $deleted, __( 'Calendly did not delete the existing webhook subscription.', 'solar-capture' ) );
				}
				return $item['uri'];
			}
		}
		return null;
	}

	/**
	 * Base URL of Calendly's API: the SOLAR_CAPTURE_CALENDLY_API constant, else the environment
	 * variable of that name, else https://api.calendly.com.
	 *
	 * @return string
	 */
	public static function calendly_api(): string {
		$base = defined( 'SOLAR_CAPTURE_CALENDLY_API' ) && is_string( SOLAR_CAPTURE_CALENDLY_API ) ? SOLAR_CAPTURE_CALENDLY_API : '';
		if ( '' === $base ) {
			$env  = getenv( 'SOLAR_CAPTURE_CALENDLY_API' );
			$base = is_string( $env ) ? $env : '';
		}
		if ( '' === $base || ! preg_match( '#^https?://#i', $base ) ) {
			$base = self::CALENDLY_API;
		}
		return rtrim( $base, '/' );
	}

	/**
	 * One call to Calendly's API through WordPress's HTTP API (its proxy settings and host rules apply).
	 *
	 * @param string     $method Method.
	 * @param string     $url    URL.
	 * @param string     $token  Personal access token.
	 * @param array|null $json   JSON body.
	 * @return array{code:int, body:array, raw:string}|WP_Error
	 */
	private static function calendly( string $method, string $url, string $token, ?array $json = null ) {
		$args = array(
			'method'      => $method,
			'timeout'     => 15,
			'redirection' => 0,
			'headers'     => array(
				'Authorization' => 'Bearer ' . $token,
				'Accept'        => 'application/json',
			),
		);
		if ( null !== $json ) {
			$args['headers']['Content-Type'] = 'application/json';
			$args['body']                    = (string) wp_json_encode( $json, JSON_UNESCAPED_SLASHES );
		}
		$response = wp_remote_request( $url, $args );
		if ( is_wp_error( $response ) ) {
			$host = (string) wp_parse_url( $url, PHP_URL_HOST );
			if ( 'http_request_not_executed' === $response->get_error_code() ) {
				return new WP_Error(
					'solar_capture_calendly_blocked',
					sprintf(
						/* translators: 1: host name, 2: a wp-config.php constant. */
						__( 'WordPress is set to block outgoing requests, so Calendly\'s API (%1$s) could not be reached. Add %1$s to %2$s in wp-config.php and try again.', 'solar-capture' ),
						$host,
						'WP_ACCESSIBLE_HOSTS'
					),
					array( 'status' => 502 )
				);
			}
			return new WP_Error(
				'solar_capture_calendly_unreachable',
				sprintf(
					/* translators: 1: host name, 2: the error. */
					__( 'Calendly\'s API (%1$s) could not be reached: %2$s', 'solar-capture' ),
					$host,
					$response->get_error_message()
				),
				array( 'status' => 502 )
			);
		}
		$code = (int) wp_remote_retrieve_response_code( $response );
		$raw  = (string) wp_remote_retrieve_body( $response );
		$body = json_decode( $raw, true );
		if ( 401 === $code ) {
			return new WP_Error(
				'solar_capture_calendly_token_refused',
				__( 'Calendly says the personal access token was refused. Create a new token in Calendly (Integrations → API & Webhooks), paste it here and try again.', 'solar-capture' ),
				array( 'status' => 400 )
			);
		}
		return array(
			'code' => $code,
			'body' => is_array( $body ) ? $body : array(),
			'raw'  => $raw,
		);
	}

	/**
	 * A Calendly answer we cannot use, with Calendly's own words.
	 *
	 * @param array  $answer  Answer from calendly().
	 * @param string $message What went wrong.
	 * @return WP_Error
	 */
	private static function calendly_error( array $answer, string $message ): WP_Error {
		$detail = '';
		foreach ( array( 'message', 'title' ) as $key ) {
			if ( isset( $answer['body'][ $key ] ) && is_string( $answer['body'][ $key ] ) && '' !== $answer['body'][ $key ] ) {
				$detail = $answer['body'][ $key ];
				break;
			}
		}
		return new WP_Error(
			'solar_capture_calendly_error',
			sprintf(
				/* translators: 1: what went wrong, 2: HTTP status, 3: Calendly's message. */
				__( '%1$s Calendly answered HTTP %2$d: %3$s', 'solar-capture' ),
				$message,
				$answer['code'],
				'' !== $detail ? wp_strip_all_tags( $detail ) : __( '(no message)', 'solar-capture' )
			),
			array(
				'status'        => 403 === $answer['code'] ? 403 : 502,
				'calendly_code' => $answer['code'],
			)
		);
	}

	/**
	 * The webhook URL a provider is given: the REST route, with ?provider= for all but Cal.com.
	 *
	 * @param string $id Provider id.
	 * @return string
	 */
	public static function webhook_url( string $id ): string {
		$url = rest_url( self::NAMESPACE . '/calcom-webhook' );
		return 'calcom' === $id ? $url : add_query_arg( 'provider', $id, $url );
	}

	/**
	 * One provider card: everything but the secrets.
	 *
	 * @param string $id       Provider id.
	 * @param array  $settings Stored settings.
	 * @return array
	 */
	private function prepare_provider( string $id, array $settings ): array {
		$labels           = Settings::provider_labels();
		$secret           = $settings['secret'] ?? '';
		$previous_expires = is_string( $settings['previous_secret_expires'] ?? null ) ? $settings['previous_secret_expires'] : null;
		if ( null !== $previous_expires && strtotime( $previous_expires . ' UTC' ) <= time() ) {
			$previous_expires = null;
		}

		return array(
			'id'                      => $id,
			'label'                   => $labels[ $id ] ?? $id,
			'enabled'                 => ! empty( $settings['enabled'] ),
			'webhook_url'             => self::webhook_url( $id ),
			'has_secret'              => 'none' !== Settings::secret_source( $secret ),
			'secret_hint'             => Settings::secret_hint( $secret ),
			'secret_source'           => Settings::secret_source( $secret ),
			'previous_secret_expires' => Format::datetime( $previous_expires ),
			'accept_unsigned'         => ! empty( $settings['accept_unsigned'] ),
			'booking_url'             => is_string( $settings['booking_url'] ?? null ) ? $settings['booking_url'] : '',
			'subscription_uri'        => is_string( $settings['subscription_uri'] ?? null ) && '' !== $settings['subscription_uri'] ? $settings['subscription_uri'] : null,
		);
	}

	/**
	 * The sidecar's health line; counts come from the database when the sidecar is down.
	 *
	 * @param array $health Sidecar::parse_health() result.
	 * @return array{reachable:bool, version:?string, queued:int, failed:int, message:string}
	 */
	private function sidecar_status( array $health ): array {
		if ( null === $health['queued'] || null === $health['failed'] ) {
			$counts           = self::count_by_status();
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
	 * Queued and failed delivery counts, read directly.
	 *
	 * @return array{queued:int, failed:int}
	 */
	private static function count_by_status(): array {
		global $wpdb;
		$table = Schema::table( 'deliveries' );
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- table name.
		$rows   = (array) $wpdb->get_results( $wpdb->prepare( "SELECT status, COUNT(*) AS n FROM $table WHERE status IN (%s, %s) GROUP BY status", 'queued', 'failed' ), ARRAY_A );
		$counts = array(
			'queued' => 0,
			'failed' => 0,
		);
		foreach ( $rows as $row ) {
			$counts[ $row['status'] ] = (int) $row['n'];
		}
		return $counts;
	}

	/**
	 * Schema of a provider card (POST /integrations/<provider>).
	 *
	 * @return array
	 */
	public function get_provider_schema(): array {
		return array(
			'$schema'    => 'http://json-schema.org/draft-04/schema#',
			'title'      => 'solar-integration-provider',
			'type'       => 'object',
			'properties' => self::provider_properties(),
		);
	}

	/**
	 * Properties of a provider card.
	 *
	 * @return array
	 */
	private static function provider_properties(): array {
		$ro = static function ( $type, string $description, array $extra = array() ): array {
			return array_merge(
				array(
					'description' => $description,
					'type'        => $type,
					'readonly'    => true,
				),
				$extra
			);
		};
		return array(
			'id'                      => $ro( 'string', __( 'Provider id.', 'solar-capture' ), array( 'enum' => Settings::PROVIDER_IDS ) ),
			'label'                   => $ro( 'string', __( 'Provider name.', 'solar-capture' ) ),
			'enabled'                 => array(
				'description' => __( 'Whether deliveries from this provider are processed.', 'solar-capture' ),
				'type'        => 'boolean',
			),
			'webhook_url'             => $ro( 'string', __( 'The URL to paste into the booking tool.', 'solar-capture' ), array( 'format' => 'uri' ) ),
			'has_secret'              => $ro( 'boolean', __( 'Whether a secret is set.', 'solar-capture' ) ),
			'secret_hint'             => $ro( 'string', __( 'The secret masked but for its last four characters, or the env:NAME reference.', 'solar-capture' ) ),
			'secret_source'           => $ro( 'string', __( 'Where the secret comes from.', 'solar-capture' ), array( 'enum' => array( 'option', 'env', 'none' ) ) ),
			'previous_secret_expires' => $ro( array( 'string', 'null' ), __( 'Until when the replaced secret still verifies (UTC).', 'solar-capture' ), array( 'format' => 'date-time' ) ),
			'accept_unsigned'         => array(
				'description' => __( 'Whether unsigned deliveries are accepted while no secret is set (testing only).', 'solar-capture' ),
				'type'        => 'boolean',
			),
			'booking_url'             => array(
				'description' => __( 'Booking page URL used by the quote form\'s call to action.', 'solar-capture' ),
				'type'        => 'string',
			),
			'subscription_uri'        => $ro( array( 'string', 'null' ), __( 'Calendly only: the webhook subscription made by "Register webhook with Calendly".', 'solar-capture' ) ),
		);
	}

	/**
	 * Schema of GET /integrations.
	 *
	 * @return array
	 */
	public function get_integrations_schema(): array {
		return array(
			'$schema'    => 'http://json-schema.org/draft-04/schema#',
			'title'      => 'solar-integrations',
			'type'       => 'object',
			'properties' => array(
				'providers'     => array(
					'description' => __( 'One card per provider.', 'solar-capture' ),
					'type'        => 'array',
					'readonly'    => true,
					'items'       => array(
						'type'       => 'object',
						'properties' => self::provider_properties(),
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
		return array(
			'$schema'    => 'http://json-schema.org/draft-04/schema#',
			'title'      => 'solar-integration-secret',
			'type'       => 'object',
			'properties' => array(
				'secret'   => array(
					'description' => __( 'The new secret, shown this once.', 'solar-capture' ),
					'type'        => 'string',
					'readonly'    => true,
				),
				'provider' => array(
					'description' => __( 'The updated provider card.', 'solar-capture' ),
					'type'        => 'object',
					'readonly'    => true,
					'properties'  => self::provider_properties(),
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
		return array(
			'$schema'    => 'http://json-schema.org/draft-04/schema#',
			'title'      => 'solar-integration-test',
			'type'       => 'object',
			'properties' => array(
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

	/**
	 * Schema of POST /integrations/calendly/register.
	 *
	 * @return array
	 */
	public function get_calendly_schema(): array {
		return array(
			'$schema'    => 'http://json-schema.org/draft-04/schema#',
			'title'      => 'solar-integration-calendly-registration',
			'type'       => 'object',
			'properties' => array(
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
				'provider'         => array(
					'type'       => 'object',
					'properties' => self::provider_properties(),
				),
			),
		);
	}
}
