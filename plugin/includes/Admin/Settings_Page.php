<?php
/**
 * Solar leads → Settings: booking call to action, notification e-mail, data on uninstall.
 *
 * A plain PHP form (no build step), saved through admin-post.php into the JSON option
 * `solar_capture_settings`.
 *
 * @package SolarCapture
 */

namespace SolarCapture\Admin;

use SolarCapture\Activator;
use SolarCapture\Settings;

defined( 'ABSPATH' ) || exit;

/**
 * The Settings page.
 */
final class Settings_Page {

	private const ACTION = 'solar_capture_save_settings';

	/**
	 * Add the hooks.
	 */
	public function register(): void {
		add_action( 'admin_menu', array( $this, 'add_page' ), 11 );
		add_action( 'admin_post_' . self::ACTION, array( $this, 'save' ) );
	}

	/**
	 * The submenu page.
	 */
	public function add_page(): void {
		add_submenu_page(
			Menu::LEADS,
			__( 'Solar Capture settings', 'solar-capture' ),
			__( 'Settings', 'solar-capture' ),
			Activator::CAPABILITY,
			Menu::SETTINGS,
			array( $this, 'render' )
		);
	}

	/**
	 * When the quote form shows the booking call to action.
	 *
	 * @return array<string,string>
	 */
	private function cta_options(): array {
		return array(
			'after_submit' => __( 'After the quote form is sent', 'solar-capture' ),
			'always'       => __( 'Always, beside the quote form', 'solar-capture' ),
			'never'        => __( 'Never', 'solar-capture' ),
		);
	}

	/**
	 * Print the form.
	 */
	public function render(): void {
		if ( ! current_user_can( Activator::CAPABILITY ) ) {
			wp_die( esc_html__( 'Sorry, you are not allowed to manage solar leads.', 'solar-capture' ), 403 );
		}
		$settings = Settings::get_settings();
		// phpcs:ignore WordPress.Security.NonceVerification.Recommended -- display only.
		$updated = isset( $_GET['updated'] ) && '1' === $_GET['updated'];
		?>
		<div class="wrap">
			<h1><?php echo esc_html__( 'Solar Capture settings', 'solar-capture' ); ?></h1>
			<?php if ( $updated ) : ?>
				<div class="notice notice-success is-dismissible"><p><?php echo esc_html__( 'Settings saved.', 'solar-capture' ); ?></p></div>
			<?php endif; ?>
			<form method="post" action="<?php echo esc_url( admin_url( 'admin-post.php' ) ); ?>">
				<input type="hidden" name="action" value="<?php echo esc_attr( self::ACTION ); ?>" />
				<?php wp_nonce_field( self::ACTION ); ?>
				<table class="form-table" role="presentation">
					<tr>
						<th scope="row"><label for="solar-capture-cta-show"><?php echo esc_html__( 'Booking call to action', 'solar-capture' ); ?></label></th>
						<td>
							<select id="solar-capture-cta-show" name="cta_show">
								<?php foreach ( $this->cta_options() as $value => $label ) : ?>
									<option value="<?php echo esc_attr( $value ); ?>" <?php selected( $settings['cta_show'], $value ); ?>><?php echo esc_html( $label ); ?></option>
								<?php endforeach; ?>
							</select>
							<p class="description"><?php echo esc_html__( 'The call to action links to the booking page URL set on the Integrations screen.', 'solar-capture' ); ?></p>
						</td>
					</tr>
					<tr>
						<th scope="row"><label for="solar-capture-cta-text"><?php echo esc_html__( 'Call to action text', 'solar-capture' ); ?></label></th>
						<td>
							<input type="text" class="regular-text" id="solar-capture-cta-text" name="cta_text" value="<?php echo esc_attr( (string) $settings['cta_text'] ); ?>" placeholder="<?php echo esc_attr__( 'Book your free survey call', 'solar-capture' ); ?>" maxlength="120" />
						</td>
					</tr>
					<tr>
						<th scope="row"><label for="solar-capture-notification-email"><?php echo esc_html__( 'Notification e-mail', 'solar-capture' ); ?></label></th>
						<td>
							<input type="email" class="regular-text" id="solar-capture-notification-email" name="notification_email" value="<?php echo esc_attr( (string) $settings['notification_email'] ); ?>" placeholder="<?php echo esc_attr( (string) get_option( 'admin_email' ) ); ?>" />
							<p>
								<label>
									<input type="checkbox" name="notify_on_booking" value="1" <?php checked( ! empty( $settings['notify_on_booking'] ) ); ?> />
									<?php echo esc_html__( 'E-mail me when a booking arrives', 'solar-capture' ); ?>
								</label>
							</p>
							<p class="description"><?php echo esc_html__( 'Empty: the site\'s administration e-mail address.', 'solar-capture' ); ?></p>
						</td>
					</tr>
					<tr>
						<th scope="row"><?php echo esc_html__( 'Uninstall', 'solar-capture' ); ?></th>
						<td>
							<label>
								<input type="checkbox" name="delete_data_on_uninstall" value="1" <?php checked( ! empty( $settings['delete_data_on_uninstall'] ) ); ?> />
								<?php echo esc_html__( 'Delete all leads, bookings, deliveries and settings when the plugin is deleted', 'solar-capture' ); ?>
							</label>
						</td>
					</tr>
				</table>
				<?php submit_button(); ?>
			</form>
		</div>
		<?php
	}

	/**
	 * Save the form (admin-post.php).
	 */
	public function save(): void {
		if ( ! current_user_can( Activator::CAPABILITY ) ) {
			wp_die( esc_html__( 'Sorry, you are not allowed to manage solar leads.', 'solar-capture' ), 403 );
		}
		check_admin_referer( self::ACTION );

		$cta_show = isset( $_POST['cta_show'] ) ? sanitize_key( wp_unslash( $_POST['cta_show'] ) ) : '';
		$email    = isset( $_POST['notification_email'] ) ? sanitize_email( wp_unslash( $_POST['notification_email'] ) ) : '';

		Settings::update_settings(
			array(
				'cta_show'                 => array_key_exists( $cta_show, $this->cta_options() ) ? $cta_show : 'after_submit',
				'cta_text'                 => isset( $_POST['cta_text'] ) ? sanitize_text_field( wp_unslash( $_POST['cta_text'] ) ) : '',
				'notification_email'       => is_email( $email ) ? $email : '',
				'notify_on_booking'        => ! empty( $_POST['notify_on_booking'] ),
				'delete_data_on_uninstall' => ! empty( $_POST['delete_data_on_uninstall'] ),
			)
		);

		wp_safe_redirect( add_query_arg( array( 'page' => Menu::SETTINGS, 'updated' => '1' ), admin_url( 'admin.php' ) ) );
		exit;
	}
}
