<?php
/**
 * The public quote form: the [solar_capture_form] shortcode and the "Solar quote form" block.
 *
 * Works without JavaScript (admin-post.php), and with it (REST, no page reload).
 *
 * @package SolarCapture
 */

namespace SolarCapture\Frontend;

use SolarCapture\Lead_Capture;
use SolarCapture\Rest\Quote_Controller;

defined( 'ABSPATH' ) || exit;

/**
 * Renders the form and handles its no-JavaScript submission.
 */
final class Quote_Form {

	public const SHORTCODE = 'solar_capture_form';
	public const BLOCK     = 'solar-capture/quote-form';
	private const ACTION   = 'solar_capture_quote';

	/**
	 * How many forms this page printed (unique ids).
	 *
	 * @var int
	 */
	private static $count = 0;

	/**
	 * Add the hooks.
	 */
	public static function register(): void {
		add_action( 'init', array( self::class, 'init' ) );
		add_action( 'admin_post_' . self::ACTION, array( self::class, 'handle_post' ) );
		add_action( 'admin_post_nopriv_' . self::ACTION, array( self::class, 'handle_post' ) );
	}

	/**
	 * Shortcode, block and assets.
	 */
	public static function init(): void {
		add_shortcode( self::SHORTCODE, array( self::class, 'shortcode' ) );

		wp_register_style( 'solar-capture-quote-form', plugins_url( 'assets/quote-form.css', SOLAR_CAPTURE_FILE ), array(), SOLAR_CAPTURE_VERSION );
		wp_register_script( 'solar-capture-quote-form', plugins_url( 'assets/quote-form.js', SOLAR_CAPTURE_FILE ), array(), SOLAR_CAPTURE_VERSION, array( 'in_footer' => true, 'strategy' => 'defer' ) );
		wp_register_script(
			'solar-capture-quote-form-editor',
			plugins_url( 'assets/quote-form-block.js', SOLAR_CAPTURE_FILE ),
			array( 'wp-blocks', 'wp-element', 'wp-block-editor', 'wp-components', 'wp-i18n', 'wp-server-side-render' ),
			SOLAR_CAPTURE_VERSION,
			true
		);
		wp_set_script_translations( 'solar-capture-quote-form-editor', 'solar-capture', SOLAR_CAPTURE_DIR . 'languages' );

		register_block_type(
			self::BLOCK,
			array(
				'api_version'     => 3,
				'title'           => __( 'Solar quote form', 'solar-capture' ),
				'description'     => __( 'The quote request form of Solar Capture.', 'solar-capture' ),
				'category'        => 'widgets',
				'icon'            => 'lightbulb',
				'attributes'      => array(
					'title'  => array(
						'type'    => 'string',
						'default' => '',
					),
					'button' => array(
						'type'    => 'string',
						'default' => '',
					),
				),
				'supports'        => array( 'html' => false ),
				'editor_script'   => 'solar-capture-quote-form-editor',
				'style'           => 'solar-capture-quote-form',
				'render_callback' => array( self::class, 'render_block' ),
			)
		);
	}

	/**
	 * [solar_capture_form title="…" button="…"]
	 *
	 * @param array|string $atts Attributes.
	 * @return string
	 */
	public static function shortcode( $atts ): string {
		$atts = shortcode_atts(
			array(
				'title'  => '',
				'button' => '',
			),
			$atts,
			self::SHORTCODE
		);
		return self::render( (string) $atts['title'], (string) $atts['button'] );
	}

	/**
	 * Block render callback.
	 *
	 * @param array $attributes Block attributes.
	 * @return string
	 */
	public static function render_block( $attributes ): string {
		$attributes = is_array( $attributes ) ? $attributes : array();
		return self::render( (string) ( $attributes['title'] ?? '' ), (string) ( $attributes['button'] ?? '' ) );
	}

	/**
	 * The form's HTML (or, after a no-JavaScript submission, the thank-you message).
	 *
	 * @param string $title  Heading above the form.
	 * @param string $button Submit button text.
	 * @return string
	 */
	public static function render( string $title, string $button ): string {
		wp_enqueue_style( 'solar-capture-quote-form' );
		wp_enqueue_script( 'solar-capture-quote-form' );

		++self::$count;
		$id       = 'solar-capture-form-' . self::$count;
		$button   = '' !== $button ? $button : __( 'Get my free quote', 'solar-capture' );

		// After a no-JavaScript submission: show its answer once.
		// phpcs:ignore WordPress.Security.NonceVerification.Recommended -- a random id, read only.
		$result_key = isset( $_GET['sc_quote'] ) ? sanitize_key( wp_unslash( $_GET['sc_quote'] ) ) : '';
		if ( '' !== $result_key && 1 === self::$count ) {
			$answer = get_transient( 'solar_capture_quote_' . $result_key );
			if ( is_array( $answer ) ) {
				delete_transient( 'solar_capture_quote_' . $result_key );
				return '<div class="solar-capture-form solar-capture-form--done" id="' . esc_attr( $id ) . '">' . self::render_answer( $answer ) . '</div>';
			}
		}

		$field = static function ( string $name, string $label, string $type = 'text', array $extra = array() ) use ( $id ): string {
			$input_id = $id . '-' . $name;
			$attrs    = '';
			foreach ( $extra as $key => $value ) {
				$attrs .= true === $value ? ' ' . esc_attr( $key ) : ' ' . esc_attr( $key ) . '="' . esc_attr( (string) $value ) . '"';
			}
			return sprintf(
				'<p class="solar-capture-form__field"><label for="%1$s">%2$s</label><input id="%1$s" name="%3$s" type="%4$s"%5$s /></p>',
				esc_attr( $input_id ),
				esc_html( $label ),
				esc_attr( $name ),
				esc_attr( $type ),
				$attrs
			);
		};

		$html  = '<div class="solar-capture-form" id="' . esc_attr( $id ) . '">';
		$html .= '' !== $title ? '<h2 class="solar-capture-form__title">' . esc_html( $title ) . '</h2>' : '';
		$html .= sprintf(
			'<form method="post" action="%1$s" data-endpoint="%2$s" data-error="%3$s" novalidate>',
			esc_url( admin_url( 'admin-post.php' ) ),
			esc_url( rest_url( Quote_Controller::NAMESPACE . '/quote' ) ),
			esc_attr__( 'Your request could not be sent. Please check your details and try again.', 'solar-capture' )
		);
		$html .= '<input type="hidden" name="action" value="' . esc_attr( self::ACTION ) . '" />';
		$html .= '<input type="hidden" name="stamp" value="' . esc_attr( Lead_Capture::form_stamp() ) . '" />';
		$html .= '<input type="hidden" name="redirect_to" value="' . esc_attr( self::current_url() ) . '" />';
		// Spam trap: hidden from people, filled in by bots.
		$html .= '<p class="solar-capture-form__trap" aria-hidden="true"><label>' . esc_html__( 'Website', 'solar-capture' ) . '<input type="text" name="website" tabindex="-1" autocomplete="off" value="" /></label></p>';

		$html .= $field( 'name', __( 'Your name', 'solar-capture' ), 'text', array( 'required' => true, 'autocomplete' => 'name', 'maxlength' => 190 ) );
		$html .= $field( 'email', __( 'E-mail', 'solar-capture' ), 'email', array( 'required' => true, 'autocomplete' => 'email', 'maxlength' => 190 ) );
		$html .= $field( 'phone', __( 'Phone', 'solar-capture' ), 'tel', array( 'autocomplete' => 'tel', 'maxlength' => 64 ) );
		$html .= $field( 'postcode', __( 'Postcode', 'solar-capture' ), 'text', array( 'autocomplete' => 'postal-code', 'maxlength' => 32 ) );
		$html .= $field( 'monthly_bill', __( 'Monthly electricity bill', 'solar-capture' ), 'number', array( 'min' => 0, 'step' => '0.01', 'inputmode' => 'decimal' ) );

		$html .= '<p class="solar-capture-form__field"><label for="' . esc_attr( $id . '-roof_type' ) . '">' . esc_html__( 'Roof type', 'solar-capture' ) . '</label><select id="' . esc_attr( $id . '-roof_type' ) . '" name="roof_type"><option value="">' . esc_html__( 'Choose…', 'solar-capture' ) . '</option>';
		foreach ( Lead_Capture::roof_type_labels() as $value => $label ) {
			$html .= '<option value="' . esc_attr( $value ) . '">' . esc_html( $label ) . '</option>';
		}
		$html .= '</select></p>';

		$html .= '<fieldset class="solar-capture-form__field"><legend>' . esc_html__( 'Do you own the home?', 'solar-capture' ) . '</legend>';
		$html .= '<label><input type="radio" name="homeowner" value="yes" /> ' . esc_html__( 'Yes', 'solar-capture' ) . '</label> ';
		$html .= '<label><input type="radio" name="homeowner" value="no" /> ' . esc_html__( 'No', 'solar-capture' ) . '</label></fieldset>';

		$html .= '<p class="solar-capture-form__field"><label for="' . esc_attr( $id . '-message' ) . '">' . esc_html__( 'Anything else we should know?', 'solar-capture' ) . '</label><textarea id="' . esc_attr( $id . '-message' ) . '" name="message" rows="4" maxlength="5000"></textarea></p>';

		$html .= '<p class="solar-capture-form__status" role="status" aria-live="polite"></p>';
		$html .= '<p class="solar-capture-form__actions"><button type="submit" class="wp-element-button">' . esc_html( $button ) . '</button></p>';
		$html .= '</form>';

		$html .= '</div>';
		return $html;
	}

	/**
	 * The thank-you message and booking link.
	 *
	 * @param array $answer Quote_Controller::answer() result.
	 * @return string
	 */
	private static function render_answer( array $answer ): string {
		$html = '<p class="solar-capture-form__thanks">' . esc_html( (string) ( $answer['message'] ?? '' ) ) . '</p>';
		if ( ! empty( $answer['booking_url'] ) ) {
			$html .= '<p class="solar-capture-form__cta"><a class="wp-element-button" href="' . esc_url( (string) $answer['booking_url'] ) . '">' . esc_html( (string) ( $answer['cta_text'] ?? '' ) ) . '</a></p>';
		}
		return $html;
	}

	/**
	 * The no-JavaScript submission (admin-post.php): same checks as the REST route, then back to the page.
	 */
	public static function handle_post(): void {
		// phpcs:disable WordPress.Security.NonceVerification.Missing -- a public form (cached pages make nonces stale); see Lead_Capture::check_spam().
		$post     = wp_unslash( $_POST );
		$back     = isset( $post['redirect_to'] ) ? wp_validate_redirect( esc_url_raw( (string) $post['redirect_to'] ), home_url( '/' ) ) : home_url( '/' );
		// phpcs:enable
		$ip       = isset( $_SERVER['REMOTE_ADDR'] ) ? sanitize_text_field( wp_unslash( $_SERVER['REMOTE_ADDR'] ) ) : '';
		$homeowner = isset( $post['homeowner'] ) ? ( 'yes' === $post['homeowner'] ? true : ( 'no' === $post['homeowner'] ? false : null ) ) : null;

		$answer = Lead_Capture::check_spam(
			array(
				'website' => $post['website'] ?? '',
				'stamp'   => $post['stamp'] ?? '',
			),
			$ip
		);
		if ( ! is_wp_error( $answer ) ) {
			if ( '' === trim( (string) ( $post['name'] ?? '' ) ) ) {
				$answer = new \WP_Error( 'rest_invalid_param', __( 'Please enter your name.', 'solar-capture' ) );
			} else {
				$answer = Lead_Capture::submit(
					array(
						'name'         => $post['name'] ?? '',
						'email'        => $post['email'] ?? '',
						'phone'        => $post['phone'] ?? '',
						'postcode'     => $post['postcode'] ?? '',
						'monthly_bill' => isset( $post['monthly_bill'] ) && '' !== $post['monthly_bill'] ? $post['monthly_bill'] : null,
						'roof_type'    => $post['roof_type'] ?? '',
						'homeowner'    => $homeowner,
						'message'      => $post['message'] ?? '',
					)
				);
			}
		}

		if ( is_wp_error( $answer ) ) {
			wp_die( esc_html( $answer->get_error_message() ), esc_html__( 'Quote request', 'solar-capture' ), array( 'response' => 400, 'back_link' => true ) );
		}

		$key = strtolower( wp_generate_password( 20, false ) );
		set_transient( 'solar_capture_quote_' . $key, Quote_Controller::answer( $answer, (string) ( $post['name'] ?? '' ), (string) ( $post['email'] ?? '' ) ), 10 * MINUTE_IN_SECONDS );
		wp_safe_redirect( add_query_arg( 'sc_quote', $key, $back ) . '#solar-capture-form-1' );
		exit;
	}

	/**
	 * The URL of the page being shown.
	 *
	 * @return string
	 */
	private static function current_url(): string {
		// phpcs:disable WordPress.Security.ValidatedSanitizedInput.InputNotSanitized -- sanitised by esc_url_raw(); validated again on redirect.
		$host = isset( $_SERVER['HTTP_HOST'] ) ? wp_unslash( $_SERVER['HTTP_HOST'] ) : '';
		$uri  = isset( $_SERVER['REQUEST_URI'] ) ? wp_unslash( $_SERVER['REQUEST_URI'] ) : '/';
		// phpcs:enable
		if ( '' === $host ) {
			return home_url( '/' );
		}
		return remove_query_arg( 'sc_quote', esc_url_raw( ( is_ssl() ? 'https://' : 'http://' ) . $host . $uri ) );
	}
}
