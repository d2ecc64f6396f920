<?php
/**
 * E-mails: to the site owner when a booking is applied or a quote request arrives, and to the
 * visitor with the booking link when the call to action goes "only in the confirmation e-mail".
 *
 * @package SolarCapture
 */

namespace SolarCapture;

defined( 'ABSPATH' ) || exit;

/**
 * Listens to `solar_capture_booking_applied` and `solar_capture_lead_captured` and mails at
 * shutdown, after the answer is flushed where the server allows it (PHP-FPM, LiteSpeed), so the
 * booking tool or the visitor does not wait.
 */
final class Notifier {

	/**
	 * E-mails to send at shutdown: callables with their arguments.
	 *
	 * @var array<int,array{0:callable,1:array}>
	 */
	private static $pending = array();

	/**
	 * Add the hooks.
	 */
	public static function register(): void {
		add_action( 'solar_capture_booking_applied', array( self::class, 'on_booking_applied' ), 10, 3 );
		add_action( 'solar_capture_lead_captured', array( self::class, 'on_lead_captured' ), 10, 3 );
	}

	/**
	 * Queue an e-mail for shutdown.
	 *
	 * @param callable $send Sender.
	 * @param array    $args Its arguments.
	 */
	private static function queue( callable $send, array $args ): void {
		if ( ! self::$pending ) {
			add_action( 'shutdown', array( self::class, 'send_pending' ), 1 );
		}
		self::$pending[] = array( $send, $args );
	}

	/**
	 * A quote request arrived: tell the owner.
	 *
	 * @param int   $lead_id Lead id.
	 * @param bool  $created Whether the lead is new.
	 * @param array $values  The submitted fields.
	 */
	public static function on_lead_captured( $lead_id, $created = true, $values = array() ): void {
		if ( $lead_id ) {
			self::queue( array( self::class, 'send_lead' ), array( (int) $lead_id, (bool) $created, is_array( $values ) ? $values : array() ) );
		}
	}

	/**
	 * Send the visitor the booking link (call to action "only in the confirmation e-mail").
	 *
	 * @param int    $lead_id Lead id.
	 * @param string $link    Booking link.
	 */
	public static function queue_visitor_confirmation( int $lead_id, string $link ): void {
		if ( $lead_id && '' !== $link ) {
			self::queue( array( self::class, 'send_visitor_confirmation' ), array( $lead_id, $link ) );
		}
	}

	/**
	 * Remember the booking; send at shutdown (when "E-mail me when a booking arrives" is on).
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
		self::queue( array( self::class, 'send' ), array( (int) $lead_id, (int) $booking_id, (string) $provider ) );
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
			try {
				call_user_func_array( $item[0], $item[1] );
			} catch ( \Throwable $e ) {
				// phpcs:ignore WordPress.PHP.DevelopmentFunctions.error_log_error_log -- the only place to report it.
				error_log( 'Solar Capture: a notification e-mail failed: ' . $e->getMessage() );
			}
		}
	}

	/**
	 * The owner's e-mail about a quote request. For a known e-mail the lead's details are listed as
	 * they are, then what the request says differently (the form never replaces them).
	 *
	 * @param int   $lead_id Lead id.
	 * @param bool  $created Whether the lead is new.
	 * @param array $values  The submitted fields.
	 * @return bool Whether wp_mail() accepted it.
	 */
	public static function send_lead( int $lead_id, bool $created, array $values = array() ): bool {
		$lead = Plugin::instance()->leads()->find( $lead_id );
		if ( ! $lead ) {
			return false;
		}
		$name    = '' !== (string) $lead['name'] ? (string) $lead['name'] : (string) $lead['email'];
		$subject = sprintf(
			$created
				/* translators: 1: site name, 2: lead name. */
				? self::t( '[%1$s] New quote request: %2$s' )
				/* translators: 1: site name, 2: lead name. */
				: self::t( '[%1$s] Quote request again from %2$s' ),
			wp_specialchars_decode( (string) get_option( 'blogname' ), ENT_QUOTES ),
			$name
		);
		$roofs  = Lead_Capture::roof_type_labels();
		$owner  = null === $lead['homeowner'] || '' === $lead['homeowner'] ? '' : ( (int) $lead['homeowner'] ? self::t( 'Yes' ) : self::t( 'No' ) );
		$fields = array(
			/* translators: %s: name. */
			array( self::t( 'Name: %s' ), (string) $lead['name'] ),
			/* translators: %s: e-mail. */
			array( self::t( 'E-mail: %s' ), (string) $lead['email'] ),
			/* translators: %s: phone. */
			array( self::t( 'Phone: %s' ), (string) $lead['phone'] ),
			/* translators: %s: postcode. */
			array( self::t( 'Postcode: %s' ), (string) $lead['postcode'] ),
			/* translators: %s: address. */
			array( self::t( 'Address: %s' ), (string) $lead['address'] ),
			/* translators: %s: amount. */
			array( self::t( 'Monthly bill: %s' ), null === $lead['monthly_bill'] || '' === $lead['monthly_bill'] ? '' : number_format_i18n( (float) $lead['monthly_bill'], 2 ) ),
			/* translators: %s: roof type. */
			array( self::t( 'Roof type: %s' ), $roofs[ (string) $lead['roof_type'] ] ?? (string) $lead['roof_type'] ),
			/* translators: %s: yes or no. */
			array( self::t( 'Homeowner: %s' ), $owner ),
		);
		$lines = array();
		foreach ( $fields as $field ) {
			if ( '' !== $field[1] ) {
				$lines[] = sprintf( $field[0], $field[1] );
			}
		}
		if ( '' !== trim( (string) $lead['message'] ) ) {
			array_push( $lines, '', (string) $lead['message'] );
		}
		$differs = $created ? array() : self::differences( $lead, $values );
		if ( $differs ) {
			array_push( $lines, '', self::t( 'This request gives other details than the lead has (not applied; use them from the lead\'s history if they are right):' ) );
			$lines = array_merge( $lines, $differs );
		}
		array_push(
			$lines,
			'',
			/* translators: %s: link to the lead in wp-admin. */
			sprintf( self::t( 'Open the lead: %s' ), admin_url( 'admin.php?page=solar-capture-leads&lead=' . (int) $lead['id'] ) )
		);
		// "Reply" in the owner's mail program writes to the visitor.
		$headers = array();
		if ( is_email( (string) $lead['email'] ) ) {
			$headers[] = 'Reply-To: ' . self::mailbox( (string) $lead['name'], (string) $lead['email'] );
		}
		return (bool) wp_mail( Settings::notification_email(), $subject, implode( "\n", $lines ), $headers );
	}

	/**
	 * "Label: value" lines of the submitted fields that differ from the lead's.
	 *
	 * @param array $lead   The lead.
	 * @param array $values The submitted fields.
	 * @return string[]
	 */
	private static function differences( array $lead, array $values ): array {
		$lines  = array();
		$fields = Leads\Lead_Fields::all();
		foreach ( $values as $key => $value ) {
			if ( null === $value || '' === $value || ! isset( $fields[ $key ] ) || ! array_key_exists( $key, $lead ) || Lead_Capture::same_value( $lead[ $key ], $value ) ) {
				continue;
			}
			$text    = 'boolean' === Leads\Lead_Fields::type( $key ) ? ( (int) $value ? self::t( 'Yes' ) : self::t( 'No' ) ) : (string) $value;
			$lines[] = Leads\Lead_Fields::label( $key ) . ': ' . $text;
		}
		return $lines;
	}

	/**
	 * The visitor's confirmation e-mail with the booking link.
	 *
	 * @param int    $lead_id Lead id.
	 * @param string $link    Booking link.
	 * @return bool Whether wp_mail() accepted it.
	 */
	public static function send_visitor_confirmation( int $lead_id, string $link ): bool {
		$lead = Plugin::instance()->leads()->find( $lead_id );
		if ( ! $lead || ! is_email( (string) $lead['email'] ) ) {
			return false;
		}
		// Anyone can send the form with any address: a few of these a day per address, no more.
		if ( ! Plugin::instance()->form_guard()->allow_confirmation_mail( (string) $lead['email'] ) ) {
			return false;
		}
		$site    = wp_specialchars_decode( (string) get_option( 'blogname' ), ENT_QUOTES );
		$subject = sprintf(
			/* translators: %s: site name. */
			self::t( 'Your solar quote request at %s' ),
			$site
		);
		$lines = array(
			sprintf(
				/* translators: %s: the visitor's name. */
				self::t( 'Hello %s,' ),
				'' !== (string) $lead['name'] ? (string) $lead['name'] : (string) $lead['email']
			),
			'',
			self::t( 'Thank you for your quote request. We have your details and will be in touch soon.' ),
			'',
			Settings::cta_text() . ':',
			$link,
			'',
			$site,
		);
		return (bool) wp_mail( (string) $lead['email'], $subject, implode( "\n", $lines ) );
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
		$lead    = Plugin::instance()->leads()->find( $lead_id );
		$booking = Plugin::instance()->bookings()->find( $booking_id );
		if ( ! $lead || ! $booking ) {
			return false;
		}

		$labels = Providers::labels();
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
			/* translators: %s: link to the lead in wp-admin. */
			sprintf( self::t( 'Open the lead: %s' ), admin_url( 'admin.php?page=solar-capture-leads&lead=' . (int) $lead['id'] ) ),
		);

		return (bool) wp_mail( Settings::notification_email(), $subject, implode( "\n", $lines ) );
	}

	/**
	 * "Name <address>" for a mail header, with the name stripped of characters that would break it.
	 *
	 * @param string $name  Display name.
	 * @param string $email Address.
	 * @return string
	 */
	private static function mailbox( string $name, string $email ): string {
		$name = trim( (string) preg_replace( '/[\r\n"<>,;:\\\\]+/', ' ', $name ) );
		return '' === $name ? $email : '"' . $name . '" <' . $email . '>';
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
