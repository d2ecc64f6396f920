<?php
/**
 * The booking calendar on the site itself: the booking tool's inline widget (Cal.com through its
 * embed package, bundled with the plugin; Calendly's inline embed), shown after the quote form is
 * sent (setting "embedded calendar") and as the "Solar booking calendar" block and the
 * [solar_capture_booking] shortcode.
 *
 * The printed HTML is the plain booking link; the view script (built from
 * admin-ui/src/blocks/booking-calendar/) turns it into the widget and brings the link back when the
 * widget cannot load. Without JavaScript the visitor has the link.
 *
 * @package SolarCapture\Frontend
 */

namespace SolarCapture\Frontend;

use SolarCapture\Activator;
use SolarCapture\Booking_Link;
use SolarCapture\Providers;
use SolarCapture\Rest\Booking_Signal_Controller;
use SolarCapture\Rest\Quote_Controller;
use SolarCapture\Settings;

defined( 'ABSPATH' ) || exit;

/**
 * Block, shortcode and the quote form's booking step (the browser signal's route is
 * Rest\Booking_Signal_Controller, registered with the other routes).
 */
final class Booking_Calendar {

	public const SHORTCODE = 'solar_capture_booking';
	public const BLOCK     = 'solar-capture/booking-calendar';

	/**
	 * Providers with an inline widget; others get the booking link.
	 */
	public const EMBEDDABLE = array( 'calcom', 'calendly' );

	/**
	 * How long the widget may take to say it is ready before the visitor is given the link, in ms.
	 */
	public const TIMEOUT_MS = 15000;

	/**
	 * Add the hooks.
	 */
	public static function register(): void {
		add_action( 'init', array( self::class, 'init' ) );
		add_filter( 'solar_capture_quote_answer', array( self::class, 'quote_answer' ), 10, 2 );
		add_action( 'admin_init', array( self::class, 'privacy_policy' ) );
	}

	/**
	 * Suggested text for the site's privacy policy (Settings → Privacy).
	 */
	public static function privacy_policy(): void {
		if ( ! function_exists( 'wp_add_privacy_policy_content' ) ) {
			return;
		}
		wp_add_privacy_policy_content(
			__( 'Solar Capture booking calendar', 'solar-capture' ),
			wp_kses_post(
				'<p>' . __( 'When you book a survey call in the booking calendar on this site, the calendar is our booking tool\'s own page (such as Cal.com or Calendly) shown inside ours: it is loaded from that tool\'s servers, and the name and e-mail address you gave us are passed to it to fill in the booking form. The booking is then made with that tool, under its own privacy policy, and it tells this site about it.', 'solar-capture' ) . '</p>'
			)
		);
	}

	/**
	 * Shortcode and block (from the block.json the build copies into build/blocks/booking-calendar/).
	 */
	public static function init(): void {
		add_shortcode( self::SHORTCODE, array( self::class, 'shortcode' ) );
		$folder = SOLAR_CAPTURE_DIR . 'build/blocks/booking-calendar';
		if ( ! is_readable( $folder . '/block.json' ) ) {
			return; // Not built yet: the shortcode still prints the booking link.
		}
		$block = register_block_type( $folder, array( 'render_callback' => array( self::class, 'render_block' ) ) );
		if ( $block ) {
			foreach ( $block->editor_script_handles as $handle ) {
				wp_set_script_translations( $handle, 'solar-capture', SOLAR_CAPTURE_DIR . 'languages' );
			}
		}
	}

	/**
	 * Enqueue the calendar's style and view script (the block's own; the shortcode and the quote
	 * form's booking step share them).
	 */
	public static function enqueue_assets(): void {
		$block = \WP_Block_Type_Registry::get_instance()->get_registered( self::BLOCK );
		if ( ! $block ) {
			return;
		}
		foreach ( $block->style_handles as $handle ) {
			wp_enqueue_style( $handle );
		}
		foreach ( $block->view_script_handles as $handle ) {
			wp_enqueue_script( $handle );
		}
	}

	/**
	 * [solar_capture_booking title="…"]
	 *
	 * @param array|string $atts Attributes.
	 * @return string
	 */
	public static function shortcode( $atts ): string {
		$atts = shortcode_atts( array( 'title' => '' ), $atts, self::SHORTCODE );
		return self::render( (string) $atts['title'] );
	}

	/**
	 * Block render callback.
	 *
	 * @param array $attributes Block attributes.
	 * @return string
	 */
	public static function render_block( $attributes ): string {
		$attributes = is_array( $attributes ) ? $attributes : array();
		$html       = self::render( (string) ( $attributes['title'] ?? '' ) );
		if ( '' !== $html && function_exists( 'get_block_wrapper_attributes' ) && \WP_Block_Supports::$block_to_render ) {
			$html = (string) preg_replace_callback(
				'/^<div class="solar-capture-booking([^"]*)"/',
				static function ( $m ) {
					return '<div ' . get_block_wrapper_attributes( array( 'class' => 'solar-capture-booking' . $m[1] ) );
				},
				$html,
				1
			);
		}
		return $html;
	}

	/**
	 * The calendar on its own (block, shortcode): the booking page in use, nothing prefilled.
	 * Without a booking page visitors see nothing at all; people who can set one see how.
	 *
	 * @param string $title Heading above the calendar.
	 * @return string
	 */
	public static function render( string $title ): string {
		$page = Booking_Link::page();
		if ( ! $page ) {
			if ( ! current_user_can( Activator::CAPABILITY ) ) {
				return '';
			}
			return sprintf(
				'<div class="solar-capture-booking solar-capture-booking--unset"><p class="solar-capture-booking__notice">%1$s <a href="%2$s">%3$s</a></p></div>',
				esc_html__( 'Solar booking calendar: no booking page is set yet, so visitors see nothing here.', 'solar-capture' ),
				esc_url( admin_url( 'admin.php?page=solar-capture-integrations' ) ),
				esc_html__( 'Set the booking page', 'solar-capture' )
			);
		}
		return self::markup( $page['provider'], $page['url'], '', $title, self::is_editor_preview() );
	}

	/**
	 * `solar_capture_quote_answer`: in "embedded calendar" mode, the booking step is the calendar,
	 * built from the answer's own booking link (prefilled, carrying the lead token) with a ticket
	 * for the browser's "booking made" signal.
	 *
	 * @param array $answer   The quote form's answer.
	 * @param array $settings The general settings.
	 * @return array
	 */
	public static function quote_answer( $answer, $settings ): array {
		$answer = (array) $answer;
		$link   = is_string( $answer['booking_url'] ?? null ) ? $answer['booking_url'] : '';
		$page   = Booking_Link::page();
		if ( 'embed' !== ( $settings['cta_show'] ?? '' ) || '' === $link || ! $page ) {
			return $answer;
		}
		$answer['booking_html'] = self::markup( $page['provider'], $link, Booking_Link::token_in( $link, $page['provider'] ), '' );
		return $answer;
	}

	/**
	 * The calendar's HTML: the booking link (what a visitor without JavaScript, or whose widget
	 * did not load, uses) and, for the view script, what the widget needs in data attributes.
	 *
	 * @param string $provider Provider id.
	 * @param string $link     Booking link (prefilled and carrying the token, or the plain page).
	 * @param string $token    The lead token the link carries ('' for none: no signal).
	 * @param string $title    Heading ('' for none).
	 * @param bool   $preview  Whether this is the block editor's preview (a note for the editor).
	 * @return string
	 */
	public static function markup( string $provider, string $link, string $token, string $title, bool $preview = false ): string {
		self::enqueue_assets();
		$labels   = Providers::labels();
		$label    = $labels[ $provider ] ?? __( 'the booking tool', 'solar-capture' );
		$embed    = in_array( $provider, self::EMBEDDABLE, true );
		$ticket   = '' !== $token ? Booking_Signal_Controller::ticket( $token ) : '';
		$attrs    = array( 'class' => 'solar-capture-booking' );
		if ( $embed ) {
			$attrs += array(
				'data-provider' => $provider,
				'data-url'      => $link,
				'data-colors'   => (string) wp_json_encode( (object) Site_Colors::get() ),
				'data-timeout'  => (string) self::timeout_ms(),
				// Where the view script loads Cal.com's embed from (its own folder would be wrong on
				// sites whose optimisation plugin combines scripts).
				'data-assets'   => plugins_url( 'build/', SOLAR_CAPTURE_FILE ),
			);
			if ( '' !== $ticket ) {
				$attrs += array(
					'data-token'    => $token,
					'data-ticket'   => $ticket,
					'data-endpoint' => rest_url( Quote_Controller::NAMESPACE . Booking_Signal_Controller::ROUTE ),
				);
			}
		}
		$html = '<div';
		foreach ( $attrs as $name => $value ) {
			$html .= ' ' . $name . '="' . ( in_array( $name, array( 'data-url', 'data-assets' ), true ) ? esc_url( $value ) : esc_attr( $value ) ) . '"';
		}
		$html .= '>';
		if ( '' !== trim( $title ) ) {
			$html .= '<h2 class="solar-capture-booking__title">' . esc_html( $title ) . '</h2>';
		}
		if ( $embed && $preview ) {
			/* translators: %s: booking tool, e.g. "Cal.com". */
			$html .= '<p class="solar-capture-booking__notice">' . esc_html( sprintf( __( 'The %s booking calendar shows here on the published page. Visitors whose browser cannot load it get this link.', 'solar-capture' ), $label ) ) . '</p>';
		}
		if ( $embed ) {
			$html .= sprintf(
				'<p class="solar-capture-booking__thanks" role="status" tabindex="-1" data-text="%1$s" data-pending-text="%2$s"></p>',
				/* translators: %s: booking tool, e.g. "Cal.com". */
				esc_attr( sprintf( __( 'Thank you, your survey call is booked! %s is sending you the confirmation by e-mail.', 'solar-capture' ), $label ) ),
				/* translators: %s: booking tool, e.g. "Cal.com". */
				esc_attr( sprintf( __( 'Thank you, your request for a survey call is sent! %s e-mails you as soon as we confirm the time.', 'solar-capture' ), $label ) )
			);
			$html .= sprintf(
				'<div class="solar-capture-booking__widget" role="region" aria-label="%1$s" hidden><p class="solar-capture-booking__loading">%2$s</p></div>',
				esc_attr__( 'Booking calendar', 'solar-capture' ),
				esc_html__( 'Loading the booking calendar…', 'solar-capture' )
			);
			$html .= '<p class="solar-capture-booking__alt" hidden><a href="' . esc_url( $link ) . '">' . esc_html__( 'Trouble with the calendar? Open the booking page instead', 'solar-capture' ) . '</a></p>';
		}
		$html .= '<div class="solar-capture-booking__fallback">';
		if ( $embed ) {
			$html .= '<p class="solar-capture-booking__failed" hidden>' . esc_html__( 'The booking calendar could not be loaded here. You can pick a time on the booking page:', 'solar-capture' ) . '</p>';
		}
		$html .= '<p class="solar-capture-booking__link"><a class="wp-element-button" href="' . esc_url( $link ) . '">' . esc_html( Settings::cta_text() ) . '</a></p>';
		$html .= '</div></div>';
		return $html;
	}

	/**
	 * How long the widget may take to load before the link is shown instead.
	 *
	 * @return int Milliseconds.
	 */
	public static function timeout_ms(): int {
		/**
		 * Filters how long (in milliseconds) the booking calendar may take to load before the
		 * visitor is shown the booking link instead.
		 *
		 * @param int $timeout Milliseconds (default 15000).
		 */
		return max( 1000, (int) apply_filters( 'solar_capture_booking_calendar_timeout', self::TIMEOUT_MS ) );
	}

	/**
	 * Whether this is the block editor's preview (ServerSideRender renders through the REST API).
	 *
	 * @return bool
	 */
	private static function is_editor_preview(): bool {
		return defined( 'REST_REQUEST' ) && REST_REQUEST && current_user_can( 'edit_posts' );
	}
}
