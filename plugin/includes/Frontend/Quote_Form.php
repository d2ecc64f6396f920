<?php
/**
 * The public quote form: the [solar_capture_form] shortcode and the "Solar quote form" block
 * (built into build/blocks/quote-form/ from admin-ui/src/blocks/quote-form/, rendered by PHP).
 *
 * Works without JavaScript (posted to admin-post.php, then back to the page with the answer or the
 * per-field errors) and better with it (sent to the REST route, no page reload). Nothing in the
 * printed HTML expires, so the form keeps working on a page served from a page cache.
 *
 * @package SolarCapture
 */

namespace SolarCapture\Frontend;

use SolarCapture\Lead_Capture;
use SolarCapture\Leads\Attribution;
use SolarCapture\Plugin;
use SolarCapture\Rest\Quote_Controller;
use SolarCapture\Settings;

defined( 'ABSPATH' ) || exit;

/**
 * Renders the form and handles its no-JavaScript submission.
 */
final class Quote_Form {

	public const SHORTCODE = 'solar_capture_form';
	public const BLOCK     = 'solar-capture/quote-form';
	private const ACTION   = 'solar_capture_quote';

	/**
	 * How long the answer of a no-JavaScript submission waits to be shown, in seconds.
	 */
	private const STATE_TTL = 600;

	/**
	 * How many forms this page printed (unique ids).
	 *
	 * @var int
	 */
	private static $count = 0;

	/**
	 * The answer of a no-JavaScript submission being shown on this page, if any (read once).
	 *
	 * @var array|null|false False until read.
	 */
	private static $state = false;

	/**
	 * Add the hooks.
	 */
	public static function register(): void {
		add_action( 'init', array( self::class, 'init' ) );
		add_action( 'admin_post_' . self::ACTION, array( self::class, 'handle_post' ) );
		add_action( 'admin_post_nopriv_' . self::ACTION, array( self::class, 'handle_post' ) );
		add_action( 'send_headers', array( self::class, 'no_cache_for_answers' ) );
	}

	/**
	 * Shortcode, block and assets.
	 */
	public static function init(): void {
		add_shortcode( self::SHORTCODE, array( self::class, 'shortcode' ) );
		add_action( 'wp_enqueue_scripts', array( self::class, 'enqueue_touch' ) );

		// Name, attributes, supports and the built scripts and style (file: fields) come from the
		// block.json that the build copies beside them; PHP renders the block.
		$folder = SOLAR_CAPTURE_DIR . 'build/blocks/quote-form';
		if ( ! is_readable( $folder . '/block.json' ) ) {
			return; // Not built yet (npm run build): the shortcode still renders, without its script.
		}
		$block = register_block_type( $folder, array( 'render_callback' => array( self::class, 'render_block' ) ) );
		if ( $block ) {
			// The plugin's own translations, not only those of the language packs.
			foreach ( $block->editor_script_handles as $handle ) {
				wp_set_script_translations( $handle, 'solar-capture', SOLAR_CAPTURE_DIR . 'languages' );
			}
		}
	}

	/**
	 * On every front-end page, the few lines that keep the visit's first page (its utm_*, URL and
	 * outside referrer) in the tab's sessionStorage for the quote form; no cookie, nothing sent.
	 */
	public static function enqueue_touch(): void {
		wp_register_script( 'solar-capture-touch', false, array(), SOLAR_CAPTURE_VERSION, false );
		wp_enqueue_script( 'solar-capture-touch' );
		wp_add_inline_script( 'solar-capture-touch', Attribution::TOUCH_SCRIPT );
	}

	/**
	 * Enqueue the form's style and script (the block's own, which the shortcode shares).
	 */
	private static function enqueue_assets(): void {
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
		// The booking step may be the booking calendar: its script and style come along.
		if ( 'embed' === Settings::get_settings()['cta_show'] ) {
			Booking_Calendar::enqueue_assets();
		}
	}

	/**
	 * [solar_capture_form title="…" button="…" consent="…"]
	 *
	 * @param array|string $atts Attributes.
	 * @return string
	 */
	public static function shortcode( $atts ): string {
		$atts = shortcode_atts(
			array(
				'title'   => '',
				'button'  => '',
				'consent' => '',
			),
			$atts,
			self::SHORTCODE
		);
		return self::render( (string) $atts['title'], (string) $atts['button'], (string) $atts['consent'] );
	}

	/**
	 * Block render callback.
	 *
	 * @param array $attributes Block attributes.
	 * @return string
	 */
	public static function render_block( $attributes ): string {
		$attributes = is_array( $attributes ) ? $attributes : array();
		$html       = self::render( (string) ( $attributes['title'] ?? '' ), (string) ( $attributes['button'] ?? '' ), (string) ( $attributes['consent'] ?? '' ) );
		// The block's wrapper classes (alignment, custom class name) on the outer element.
		if ( function_exists( 'get_block_wrapper_attributes' ) && \WP_Block_Supports::$block_to_render ) {
			$html = (string) preg_replace_callback(
				'/^<div class="solar-capture-form([^"]*)"/',
				static function ( $m ) {
					return '<div ' . get_block_wrapper_attributes( array( 'class' => 'solar-capture-form' . $m[1] ) );
				},
				$html,
				1
			);
		}
		return $html;
	}

	/**
	 * The no-JavaScript answer to show, from ?sc_quote= (read once per page).
	 *
	 * @return array|null {form:int, done:bool, answer?:array, message?:string, errors?:array, values?:array}
	 */
	private static function state(): ?array {
		if ( false !== self::$state ) {
			return self::$state;
		}
		self::$state = null;
		// phpcs:ignore WordPress.Security.NonceVerification.Recommended -- a random id naming a short-lived answer; read only.
		$key = isset( $_GET['sc_quote'] ) && is_string( $_GET['sc_quote'] ) ? sanitize_key( wp_unslash( $_GET['sc_quote'] ) ) : '';
		if ( '' === $key ) {
			return null;
		}
		$state = get_transient( 'solar_capture_quote_' . $key );
		if ( is_array( $state ) ) {
			delete_transient( 'solar_capture_quote_' . $key );
			self::$state = $state;
		}
		return self::$state;
	}

	/**
	 * Pages showing a no-JavaScript answer are for one visitor: never cached.
	 */
	public static function no_cache_for_answers(): void {
		// phpcs:ignore WordPress.Security.NonceVerification.Recommended -- presence only.
		if ( isset( $_GET['sc_quote'] ) && ! headers_sent() ) {
			nocache_headers();
		}
	}

	/**
	 * The form's HTML (or, after a no-JavaScript submission, the thank-you message or the form with its errors).
	 *
	 * @param string $title   Heading above the form.
	 * @param string $button  Submit button text.
	 * @param string $consent Consent checkbox text ('' for the one in Settings).
	 * @return string
	 */
	public static function render( string $title, string $button, string $consent = '' ): string {
		self::enqueue_assets();

		++self::$count;
		$index  = self::$count;
		$id     = 'solar-capture-form-' . $index;
		$button = '' !== trim( $button ) ? $button : __( 'Get my free quote', 'solar-capture' );
		$own    = '' !== trim( $consent );
		$consent = $own ? trim( $consent ) : Settings::consent_text();

		$state = self::state();
		if ( $state && (int) ( $state['form'] ?? 1 ) !== $index ) {
			$state = null;
		}
		if ( $state && ! empty( $state['done'] ) && is_array( $state['answer'] ?? null ) ) {
			return '<div class="solar-capture-form solar-capture-form--done" id="' . esc_attr( $id ) . '">' . self::render_answer( $state['answer'] ) . '</div>';
		}
		$errors = $state && is_array( $state['errors'] ?? null ) ? array_map( 'strval', $state['errors'] ) : array();
		$values = $state && is_array( $state['values'] ?? null ) ? $state['values'] : array();
		$status = $state ? (string) ( $state['message'] ?? '' ) : '';
		$first  = $errors ? (string) array_key_first( $errors ) : '';
		$value  = static function ( string $name ) use ( $values ): string {
			return isset( $values[ $name ] ) && is_scalar( $values[ $name ] ) ? (string) $values[ $name ] : '';
		};

		// Attributes that tie a control to its error message, and focus the first wrong field without JavaScript.
		$error_attrs = static function ( string $name, string $input_id ) use ( $errors, $first ): string {
			if ( ! isset( $errors[ $name ] ) ) {
				return '';
			}
			return ' aria-invalid="true" aria-describedby="' . esc_attr( $input_id . '-error' ) . '"' . ( $first === $name ? ' autofocus' : '' );
		};
		$error_html  = static function ( string $name, string $input_id ) use ( $errors ): string {
			if ( ! isset( $errors[ $name ] ) ) {
				return '';
			}
			return '<span class="solar-capture-form__error" id="' . esc_attr( $input_id . '-error' ) . '">' . esc_html( $errors[ $name ] ) . '</span>';
		};
		$required    = '<span class="solar-capture-form__required" aria-hidden="true"> *</span>';

		$field = static function ( string $name, string $label, string $type = 'text', array $extra = array() ) use ( $id, $value, $error_attrs, $error_html, $required, $errors ): string {
			$input_id = $id . '-' . $name;
			$attrs    = '';
			foreach ( $extra as $key => $attr_value ) {
				$attrs .= true === $attr_value ? ' ' . esc_attr( $key ) : ' ' . esc_attr( $key ) . '="' . esc_attr( (string) $attr_value ) . '"';
			}
			if ( '' !== $value( $name ) ) {
				$attrs .= ' value="' . esc_attr( $value( $name ) ) . '"';
			}
			return sprintf(
				'<p class="solar-capture-form__field%7$s" data-field="%3$s"><label for="%1$s">%2$s%8$s</label><input id="%1$s" name="%3$s" type="%4$s"%5$s%6$s />%9$s</p>',
				esc_attr( $input_id ),
				esc_html( $label ),
				esc_attr( $name ),
				esc_attr( $type ),
				$attrs,
				$error_attrs( $name, $input_id ),
				isset( $errors[ $name ] ) ? ' solar-capture-form__field--error' : '',
				! empty( $extra['required'] ) ? $required : '',
				$error_html( $name, $input_id )
			);
		};

		$html  = '<div class="solar-capture-form" id="' . esc_attr( $id ) . '">';
		$html .= '' !== trim( $title ) ? '<h2 class="solar-capture-form__title">' . esc_html( $title ) . '</h2>' : '';
		$html .= sprintf(
			'<form method="post" action="%1$s" data-endpoint="%2$s" data-error="%3$s" novalidate>',
			esc_url( admin_url( 'admin-post.php' ) ),
			esc_url( rest_url( Quote_Controller::NAMESPACE . '/quote' ) ),
			esc_attr__( 'Your request could not be sent. Please check your connection and try again.', 'solar-capture' )
		);
		// What the no-JavaScript answer said (errors summary, or why the request was refused).
		$html .= '<p class="solar-capture-form__status" role="status" aria-live="polite">' . esc_html( $status ) . '</p>';
		$html .= '<input type="hidden" name="action" value="' . esc_attr( self::ACTION ) . '" />';
		$html .= '<input type="hidden" name="sc_form" value="' . esc_attr( (string) $index ) . '" />';
		// A form shown again after an error keeps its first time stamp: correcting a field is not "too fast".
		$stamp = $value( 'stamp' );
		$html .= '<input type="hidden" name="stamp" value="' . esc_attr( '' !== $stamp ? $stamp : Lead_Capture::form_stamp() ) . '" />';
		$html .= '<input type="hidden" name="redirect_to" value="' . esc_attr( self::current_url() ) . '" />';
		// Attribution: what this page's request shows, kept after an error, replaced by the form's
		// script with the visit's first page (Attribution::TOUCH_SCRIPT).
		foreach ( Attribution::of_page( self::current_url(), self::external_referrer() ) as $name => $seen ) {
			$kept  = $value( $name );
			$html .= '<input type="hidden" name="' . esc_attr( $name ) . '" value="' . esc_attr( '' !== $kept || '' !== $stamp ? $kept : $seen ) . '" />';
		}
		if ( $own ) {
			$html .= '<input type="hidden" name="consent_text" value="' . esc_attr( $consent ) . '" />';
			$html .= '<input type="hidden" name="consent_sig" value="' . esc_attr( Lead_Capture::consent_signature( $consent ) ) . '" />';
		}
		// Spam trap: hidden from people (and from assistive technology), filled in by bots.
		$html .= '<p class="solar-capture-form__trap" aria-hidden="true"><label>' . esc_html__( 'Website', 'solar-capture' ) . '<input type="text" name="website" tabindex="-1" autocomplete="off" value="" /></label></p>';

		$html .= $field(
			'name',
			__( 'Your name', 'solar-capture' ),
			'text',
			array(
				'required'     => true,
				'autocomplete' => 'name',
				'maxlength'    => 190,
			)
		);
		$html .= $field(
			'email',
			__( 'E-mail', 'solar-capture' ),
			'email',
			array(
				'required'     => true,
				'autocomplete' => 'email',
				'maxlength'    => 190,
			)
		);
		$html .= $field(
			'phone',
			__( 'Phone', 'solar-capture' ),
			'tel',
			array(
				'autocomplete' => 'tel',
				'maxlength'    => 64,
			)
		);
		$html .= $field(
			'address',
			__( 'Address', 'solar-capture' ),
			'text',
			array(
				'autocomplete' => 'street-address',
				'maxlength'    => 255,
			)
		);
		$html .= $field(
			'postcode',
			__( 'Postcode', 'solar-capture' ),
			'text',
			array(
				'autocomplete' => 'postal-code',
				'maxlength'    => 32,
			)
		);
		$html .= $field(
			'monthly_bill',
			__( 'Average monthly electricity bill', 'solar-capture' ),
			'text',
			array(
				'inputmode' => 'decimal',
				'maxlength' => 20,
			)
		);

		$roof_id = $id . '-roof_type';
		$html   .= '<p class="solar-capture-form__field' . ( isset( $errors['roof_type'] ) ? ' solar-capture-form__field--error' : '' ) . '" data-field="roof_type"><label for="' . esc_attr( $roof_id ) . '">' . esc_html__( 'Roof type', 'solar-capture' ) . '</label><select id="' . esc_attr( $roof_id ) . '" name="roof_type"' . $error_attrs( 'roof_type', $roof_id ) . '><option value="">' . esc_html__( 'Choose…', 'solar-capture' ) . '</option>';
		foreach ( Lead_Capture::roof_type_labels() as $roof => $label ) {
			$html .= '<option value="' . esc_attr( $roof ) . '"' . selected( $value( 'roof_type' ), $roof, false ) . '>' . esc_html( $label ) . '</option>';
		}
		$html .= '</select>' . $error_html( 'roof_type', $roof_id ) . '</p>';

		$owner = $value( 'homeowner' );
		$html .= '<fieldset class="solar-capture-form__field solar-capture-form__choices" data-field="homeowner"><legend>' . esc_html__( 'Do you own the home?', 'solar-capture' ) . '</legend>';
		$html .= '<label><input type="radio" name="homeowner" value="yes"' . checked( 'yes', $owner, false ) . ' /> ' . esc_html__( 'Yes', 'solar-capture' ) . '</label> ';
		$html .= '<label><input type="radio" name="homeowner" value="no"' . checked( 'no', $owner, false ) . ' /> ' . esc_html__( 'No', 'solar-capture' ) . '</label></fieldset>';

		$message_id = $id . '-message';
		$html      .= '<p class="solar-capture-form__field' . ( isset( $errors['message'] ) ? ' solar-capture-form__field--error' : '' ) . '" data-field="message"><label for="' . esc_attr( $message_id ) . '">' . esc_html__( 'Anything else we should know?', 'solar-capture' ) . '</label><textarea id="' . esc_attr( $message_id ) . '" name="message" rows="4" maxlength="5000"' . $error_attrs( 'message', $message_id ) . '>' . esc_textarea( $value( 'message' ) ) . '</textarea>' . $error_html( 'message', $message_id ) . '</p>';

		$consent_id = $id . '-consent';
		$html      .= '<p class="solar-capture-form__field solar-capture-form__consent' . ( isset( $errors['consent'] ) ? ' solar-capture-form__field--error' : '' ) . '" data-field="consent"><input type="checkbox" id="' . esc_attr( $consent_id ) . '" name="consent" value="yes" required' . checked( 'yes', $value( 'consent' ), false ) . $error_attrs( 'consent', $consent_id ) . ' /> <label for="' . esc_attr( $consent_id ) . '">' . esc_html( $consent ) . $required . '</label>' . $error_html( 'consent', $consent_id ) . '</p>';

		$html .= '<p class="solar-capture-form__actions"><button type="submit" class="wp-element-button">' . esc_html( $button ) . '</button></p>';
		$html .= '</form>';

		$html .= '</div>';
		return $html;
	}

	/**
	 * The thank-you message and, when it applies, the booking step.
	 *
	 * @param array $answer Quote_Controller::answer() result.
	 * @return string
	 */
	private static function render_answer( array $answer ): string {
		$html = '<p class="solar-capture-form__thanks" tabindex="-1">' . esc_html( (string) ( $answer['message'] ?? '' ) ) . '</p>';
		if ( ! empty( $answer['booking_url'] ) ) {
			$html .= '<div class="solar-capture-form__booking">';
			$html .= '<p class="solar-capture-form__booking-intro">' . esc_html( (string) ( $answer['booking_intro'] ?? '' ) ) . '</p>';
			if ( ! empty( $answer['booking_html'] ) ) {
				// The booking calendar (Booking_Calendar::markup(), escaped there), with the link inside.
				$html .= (string) $answer['booking_html'];
			} else {
				$html .= '<p class="solar-capture-form__cta"><a class="wp-element-button" href="' . esc_url( (string) $answer['booking_url'] ) . '">' . esc_html( (string) ( $answer['cta_text'] ?? '' ) ) . '</a></p>';
			}
			$html .= '</div>';
		}
		return $html;
	}

	/**
	 * The no-JavaScript submission (admin-post.php): the same checks as the REST route, then back to
	 * the page, which shows the answer, or the form again with the visitor's values and the errors.
	 */
	public static function handle_post(): void {
		// phpcs:disable WordPress.Security.NonceVerification.Missing -- a public form (cached pages make nonces stale); see Guard\Form_Guard::check().
		$post = wp_unslash( $_POST );
		$post = is_array( $post ) ? $post : array();
		$back = isset( $post['redirect_to'] ) && is_string( $post['redirect_to'] ) ? wp_validate_redirect( esc_url_raw( $post['redirect_to'] ), home_url( '/' ) ) : home_url( '/' );
		// phpcs:enable
		$form = isset( $post['sc_form'] ) && is_scalar( $post['sc_form'] ) ? max( 1, min( 50, (int) $post['sc_form'] ) ) : 1;

		$result = Plugin::instance()->lead_capture()->handle( $post, Quote_Controller::client_ip() );
		if ( is_wp_error( $result ) ) {
			$data   = $result->get_error_data();
			$values = array();
			// Give the visitor's entries back (never the spam trap).
			foreach ( array_merge( Lead_Capture::FIELDS, array( 'stamp' ), array_keys( Attribution::FIELDS ) ) as $name ) {
				if ( isset( $post[ $name ] ) && is_scalar( $post[ $name ] ) ) {
					$values[ $name ] = 'message' === $name ? sanitize_textarea_field( (string) $post[ $name ] ) : sanitize_text_field( (string) $post[ $name ] );
				}
			}
			$state = array(
				'form'    => $form,
				'done'    => false,
				'message' => $result->get_error_message(),
				'errors'  => is_array( $data ) && is_array( $data['params'] ?? null ) ? $data['params'] : array(),
				'values'  => $values,
			);
		} else {
			$state = array(
				'form'   => $form,
				'done'   => true,
				'answer' => Quote_Controller::answer( $result, (string) $result['name'], (string) $result['email'] ),
			);
		}

		$key = strtolower( wp_generate_password( 20, false ) );
		set_transient( 'solar_capture_quote_' . $key, $state, self::STATE_TTL );
		// After an error, no #fragment: browsers skip `autofocus` (the first wrong field) when the address names a target.
		wp_safe_redirect( add_query_arg( 'sc_quote', $key, $back ) . ( $state['done'] ? '#solar-capture-form-' . $form : '' ), 303 );
		exit;
	}

	/**
	 * The Referer the browser sent, when it is another site's (a page of this site is no source).
	 *
	 * @return string
	 */
	private static function external_referrer(): string {
		$referrer = (string) wp_get_raw_referer();
		$host     = (string) wp_parse_url( $referrer, PHP_URL_HOST );
		return '' !== $host && strtolower( $host ) !== strtolower( (string) wp_parse_url( home_url(), PHP_URL_HOST ) ) ? esc_url_raw( $referrer ) : '';
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
		if ( '' === $host || wp_doing_ajax() || ( defined( 'REST_REQUEST' ) && REST_REQUEST ) ) {
			// The block editor's preview (ServerSideRender) renders through the REST API: no page URL there.
			return home_url( '/' );
		}
		return remove_query_arg( 'sc_quote', esc_url_raw( ( is_ssl() ? 'https://' : 'http://' ) . $host . $uri ) );
	}
}
