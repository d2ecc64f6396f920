<?php
/**
 * What the routes that act on leads by hand share (notes, bulk actions).
 *
 * @package SolarCapture
 */

namespace SolarCapture\Rest;

use SolarCapture\Leads\Lead_Repository;
use SolarCapture\Leads\Timeline;

defined( 'ABSPATH' ) || exit;

/**
 * A controller that changes leads and writes their timeline, as the logged-in user.
 */
abstract class Lead_Action_Controller {

	use Permissions;

	/**
	 * Leads.
	 *
	 * @var Lead_Repository
	 */
	protected $leads;

	/**
	 * Timelines.
	 *
	 * @var Timeline
	 */
	protected $timeline;

	/**
	 * Constructor.
	 *
	 * @param Lead_Repository $leads    Leads.
	 * @param Timeline        $timeline Timelines.
	 */
	public function __construct( Lead_Repository $leads, Timeline $timeline ) {
		$this->leads    = $leads;
		$this->timeline = $timeline;
	}

	/**
	 * Register the routes.
	 */
	abstract public function register_routes(): void;

	/**
	 * The actor of a change made by the logged-in user.
	 *
	 * @return string
	 */
	protected static function actor(): string {
		return 'user:' . get_current_user_id();
	}
}
