<?php
/**
 * One provider as the Integrations screen shows it: everything but the secrets.
 *
 * @package SolarCapture
 */

namespace SolarCapture\Integrations;

use SolarCapture\Providers;
use SolarCapture\Rest\Format;
use SolarCapture\Settings;

defined( 'ABSPATH' ) || exit;

/**
 * The card's JSON and its schema (shared by the Integrations and Calendly routes).
 */
final class Provider_Card {

	/**
	 * One provider card.
	 *
	 * @param string $id       Provider id.
	 * @param array  $settings Stored settings.
	 * @return array
	 */
	public static function present( string $id, array $settings ): array {
		$secret           = $settings['secret'] ?? '';
		$previous_expires = is_string( $settings['previous_secret_expires'] ?? null ) ? $settings['previous_secret_expires'] : null;
		if ( null !== $previous_expires && strtotime( $previous_expires . ' UTC' ) <= time() ) {
			$previous_expires = null;
		}

		return array(
			'id'                      => $id,
			'label'                   => Providers::labels()[ $id ] ?? $id,
			'enabled'                 => ! empty( $settings['enabled'] ),
			'webhook_url'             => Providers::webhook_url( $id ),
			'has_secret'              => 'none' !== Settings::secret_source( $secret ),
			'secret_hint'             => Settings::secret_hint( $secret ),
			'secret_source'           => Settings::secret_source( $secret ),
			'previous_secret_expires' => Format::datetime( $previous_expires ),
			'accept_unsigned'         => null !== Settings::unsigned_until( $settings ),
			'accept_unsigned_until'   => Format::datetime( Settings::unsigned_until( $settings ) ),
			'booking_url'             => is_string( $settings['booking_url'] ?? null ) ? $settings['booking_url'] : '',
			'subscription_uri'        => is_string( $settings['subscription_uri'] ?? null ) && '' !== $settings['subscription_uri'] ? $settings['subscription_uri'] : null,
			'answers'                 => true === Providers::get( $id, 'answers', false ),
			'answer_map'              => Answer_Map::present( $settings['answer_map'] ?? array() ),
		);
	}

	/**
	 * Properties of a card (JSON schema).
	 *
	 * @return array
	 */
	public static function properties(): array {
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
			'id'                      => $ro( 'string', __( 'Provider id.', 'solar-capture' ), array( 'enum' => Providers::ids() ) ),
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
			'accept_unsigned_until'   => $ro( array( 'string', 'null' ), __( 'When accepting unsigned deliveries turns itself off (UTC), 24 hours after it was turned on.', 'solar-capture' ), array( 'format' => 'date-time' ) ),
			'booking_url'             => array(
				'description' => __( 'Booking page URL used by the quote form\'s call to action.', 'solar-capture' ),
				'type'        => 'string',
			),
			'subscription_uri'        => $ro( array( 'string', 'null' ), __( 'Calendly only: the webhook subscription made by "Register webhook with Calendly".', 'solar-capture' ) ),
			'answers'                 => $ro( 'boolean', __( 'Whether this tool\'s deliveries carry booking-form answers (providers.json), so the answer map applies.', 'solar-capture' ) ),
			'answer_map'              => Answer_Map::property(),
		);
	}

	/**
	 * A card as a schema property.
	 *
	 * @param string $description Description.
	 * @return array
	 */
	public static function schema( string $description ): array {
		return array(
			'description' => $description,
			'type'        => 'object',
			'readonly'    => true,
			'properties'  => self::properties(),
		);
	}
}
