<?php
/**
 * Warnings on every wp-admin screen, for the people who can act on them.
 *
 * @package SolarCapture
 */

namespace SolarCapture\Admin;

use SolarCapture\Activator;
use SolarCapture\Providers;
use SolarCapture\Settings;

defined( 'ABSPATH' ) || exit;

/**
 * While any provider accepts unsigned deliveries, every wp-admin screen says so (not dismissible:
 * it ends when the switch is turned off, or by itself after 24 hours).
 */
final class Notices {

	/**
	 * Hook the notices.
	 */
	public function register(): void {
		add_action( 'admin_notices', array( $this, 'render' ) );
		add_action( 'network_admin_notices', array( $this, 'render' ) );
	}

	/**
	 * `admin_notices` callback.
	 */
	public function render(): void {
		if ( ! current_user_can( Activator::CAPABILITY ) ) {
			return;
		}
		$html = self::unsigned_notice();
		if ( '' !== $html ) {
			echo $html; // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- escaped in unsigned_notice().
		}
	}

	/**
	 * The notice for providers that accept unsigned deliveries, '' when none does.
	 *
	 * @return string Escaped HTML.
	 */
	public static function unsigned_notice(): string {
		$labels = Providers::labels();
		$items  = array();
		foreach ( Settings::get_providers() as $id => $settings ) {
			$until = Settings::unsigned_until( $settings );
			if ( empty( $settings['enabled'] ) || null === $until ) {
				continue;
			}
			$items[] = sprintf(
				/* translators: 1: booking tool, 2: date and time. */
				esc_html__( '%1$s, until %2$s', 'solar-capture' ),
				esc_html( $labels[ $id ] ?? $id ),
				esc_html( get_date_from_gmt( $until, get_option( 'date_format' ) . ' ' . get_option( 'time_format' ) ) )
			);
		}
		if ( ! $items ) {
			return '';
		}
		return sprintf(
			'<div class="notice notice-warning solar-capture-unsigned-notice"><p><strong>%1$s</strong> %2$s <a href="%3$s">%4$s</a></p></div>',
			esc_html__( 'Solar Capture accepts unsigned booking deliveries:', 'solar-capture' ),
			implode( '; ', $items ) . '. ' . esc_html__( 'Anyone who knows the webhook URL can add or cancel bookings until then. Set a secret and turn this off as soon as testing is done.', 'solar-capture' ),
			esc_url( admin_url( 'admin.php?page=' . Menu::INTEGRATIONS ) ),
			esc_html__( 'Open Integrations', 'solar-capture' )
		);
	}
}
