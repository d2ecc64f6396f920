<?php
/**
 * E-mail to the site owner when a booking is applied.
 *
 * @package SolarCapture
 */

namespace SolarCapture;

defined( 'ABSPATH' ) || exit;

/**
 * Listens to `solar_capture_booking_applied` and mails at shutdown, after the answer is
 * flushed where the server allows it (PHP-FPM, LiteSpeed), so the booking tool does not wait.
 */
final class Notifier {

	/**
	 * Bookings to announce at shutdown: [lead_id, booking_id, provider].
	 *
	 * @var array<int,array{0:int,1:int,2:string}>
	 */
	private static $pending = array();

	/**
	 * Add the hooks.
	 */
	public static function register(): void {
		add_action( 'solar_capture_booking_applied', array( self::class, 'on_booking_applied' ), 10, 3 );
	}

	/**
	 * Remember the booking; send at shutdown.
	 *
	 * @param int|null $lead_id    Lead id.
	 * @param int|null $booking_id Booking id.
	 * @param string   $provider   Provider id.
	 */
	public static function on_booking_applied( $lead_id, $booking_id, $provider ): void {
		$settings = Settings::get_settings();
		if ( empty( $settings['notify_on_booking'] ) || ! $lead_id || ! $booking_id ) {
			return;
		}
		if ( ! self::$pending ) {
			add_action( 'shutdown', array( self::class, 'send_pending' ), 1 );
		}
		self::$pending[] = array( (int) $lead_id, (int) $booking_id, (string) $provider );
	}

	/**
	 * Send the e-mails.
	 */
	public static function send_pending(): void {
		$pending       = self::$pending;
		self::$pending = array();
		if ( ! $pending ) {
			return;
		}
		if ( function_exists( 'fastcgi_finish_request' ) ) {
			fastcgi_finish_request();
		} elseif ( function_exists( 'litespeed_finish_request' ) ) {
			litespeed_finish_request();
		}
		foreach ( $pending as $item ) {
			self::send( $item[0], $item[1], $item[2] );
		}
	}

	/**
	 * One notification.
	 *
	 * @param int    $lead_id    Lead id.
	 * @param int    $booking_id Booking id.
	 * @param string $provider   Provider id.
	 * @return bool Whether wp_mail() accepted it.
	 */
	public static function send( int $lead_id, int $booking_id, string $provider ): bool {
		global $wpdb;

		$leads    = Schema::table( 'leads' );
		$bookings = Schema::table( 'bookings' );
		// phpcs:disable WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- table names.
		$lead    = $wpdb->get_row( $wpdb->prepare( "SELECT id, name, email, phone, postcode, stage FROM $leads WHERE id = %d", $lead_id ), ARRAY_A );
		$booking = $wpdb->get_row( $wpdb->prepare( "SELECT title, status, start_at, timezone FROM $bookings WHERE id = %d", $booking_id ), ARRAY_A );
		// phpcs:enable
		if ( ! $lead || ! $booking ) {
			return false;
		}

		$labels = Settings::provider_labels();
		$name   = '' !== (string) $lead['name'] ? (string) $lead['name'] : (string) $lead['email'];
		$start  = '';
		if ( ! empty( $booking['start_at'] ) ) {
			$time  = strtotime( $booking['start_at'] . ' UTC' );
			$start = false === $time ? '' : wp_date( 'Y-m-d H:i T', $time );
		}

		$subject = sprintf(
			/* translators: 1: site name, 2: lead name. */
			self::t( '[%1$s] New booking: %2$s' ),
			wp_specialchars_decode( (string) get_option( 'blogname' ), ENT_QUOTES ),
			$name
		);
		$lines = array(
			sprintf( /* translators: %s: name. */ self::t( 'Name: %s' ), (string) $lead['name'] ),
			sprintf( /* translators: %s: e-mail. */ self::t( 'E-mail: %s' ), (string) $lead['email'] ),
			sprintf( /* translators: %s: phone. */ self::t( 'Phone: %s' ), (string) $lead['phone'] ),
			sprintf( /* translators: %s: postcode. */ self::t( 'Postcode: %s' ), (string) $lead['postcode'] ),
			'',
			sprintf( /* translators: %s: booking title. */ self::t( 'Booking: %s' ), (string) $booking['title'] ),
			sprintf( /* translators: %s: date and time. */ self::t( 'Starts: %s' ), $start ),
			sprintf( /* translators: %s: booking tool. */ self::t( 'Booked through: %s' ), $labels[ $provider ] ?? $provider ),
			'',
			admin_url( 'admin.php?page=solar-capture-leads&lead=' . (int) $lead['id'] ),
		);

		return (bool) wp_mail( Settings::notification_email(), $subject, implode( "\n", $lines ) );
	}

	/**
	 * Translate once translations may load (see Webhook_Handler::t()).
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
}
