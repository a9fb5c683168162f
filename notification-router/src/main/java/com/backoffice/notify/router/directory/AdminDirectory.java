package com.backoffice.notify.router.directory;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import org.springframework.stereotype.Component;

/**
 * Who the router can address, kept in memory: admins by id, mall and partner, with their
 * roles, activity and preferences. One thread (the directory's reader) writes; routing
 * threads read.
 */
@Component
public class AdminDirectory {

	private final Map<String, Admin> admins = new ConcurrentHashMap<>();

	private final Map<String, Set<String>> byMall = new ConcurrentHashMap<>();

	private final Map<String, Set<String>> byPartner = new ConcurrentHashMap<>();

	private final Map<String, Preferences> preferences = new ConcurrentHashMap<>();

	/**
	 * Tells whether an admin is known and active.
	 * @param adminId the admin
	 * @return {@code true} when the admin may receive notifications
	 */
	public boolean isActive(String adminId) {
		Admin admin = this.admins.get(adminId);
		return admin != null && admin.active();
	}

	/**
	 * Tells whether the directory holds an admin, active or not.
	 * @param adminId the admin
	 * @return {@code true} when known
	 */
	public boolean knows(String adminId) {
		return this.admins.containsKey(adminId);
	}

	/**
	 * Returns every active admin.
	 * @return their ids, lazily
	 */
	public Stream<String> activeAdmins() {
		return this.admins.values().stream().filter(Admin::active).map(Admin::id);
	}

	/**
	 * Returns the active admins of a mall.
	 * @param mallId the mall
	 * @return their ids, lazily
	 */
	public Stream<String> activeInMall(String mallId) {
		return active(this.byMall.get(mallId));
	}

	/**
	 * Returns the active admins of a partner.
	 * @param partnerId the partner
	 * @return their ids, lazily
	 */
	public Stream<String> activeOfPartner(String partnerId) {
		return active(this.byPartner.get(partnerId));
	}

	/**
	 * Tells whether an admin has one of some roles.
	 * @param adminId the admin
	 * @param roles the roles
	 * @return {@code true} when the admin has at least one of them
	 */
	public boolean hasAnyRole(String adminId, Collection<String> roles) {
		Admin admin = this.admins.get(adminId);
		return admin != null && roles.stream().anyMatch(admin.roles()::contains);
	}

	/**
	 * Tells whether an admin muted a notification type.
	 * @param adminId the admin
	 * @param type the notification type
	 * @return {@code true} when muted
	 */
	public boolean hasMuted(String adminId, String type) {
		Preferences preferences = this.preferences.get(adminId);
		return preferences != null && preferences.muted().contains(type);
	}

	/**
	 * Returns the channels an admin wants a notification type on.
	 * @param adminId the admin
	 * @param type the notification type
	 * @return the channel names, or {@code null} when the admin did not say
	 */
	public Set<String> channelsWanted(String adminId, String type) {
		Preferences preferences = this.preferences.get(adminId);
		return (preferences != null) ? preferences.channels().get(type) : null;
	}

	/**
	 * Returns how many admins the directory holds, active or not.
	 * @return the count
	 */
	public int size() {
		return this.admins.size();
	}

	int preferencesSize() {
		return this.preferences.size();
	}

	void put(AdminChanged change) {
		remove(change.adminId());
		Admin admin = new Admin(change.adminId(), Set.copyOf(change.mallIds()), change.partnerId(),
				Set.copyOf(change.roles()), change.active());
		this.admins.put(admin.id(), admin);
		admin.mallIds().forEach((mall) -> index(this.byMall, mall).add(admin.id()));
		if (admin.partnerId() != null) {
			index(this.byPartner, admin.partnerId()).add(admin.id());
		}
	}

	void remove(String adminId) {
		Admin previous = this.admins.remove(adminId);
		if (previous != null) {
			previous.mallIds().forEach((mall) -> unindex(this.byMall, mall, adminId));
			if (previous.partnerId() != null) {
				unindex(this.byPartner, previous.partnerId(), adminId);
			}
		}
	}

	void putPreferences(PreferencesChanged change) {
		Map<String, Set<String>> channels = new ConcurrentHashMap<>();
		change.channels().forEach((type, wanted) -> channels.put(type, Set.copyOf(wanted)));
		this.preferences.put(change.adminId(), new Preferences(Set.copyOf(change.muted()), channels));
	}

	void removePreferences(String adminId) {
		this.preferences.remove(adminId);
	}

	private Stream<String> active(Set<String> ids) {
		return (ids != null) ? ids.stream().filter(this::isActive) : Stream.empty();
	}

	private static Set<String> index(Map<String, Set<String>> index, String key) {
		return index.computeIfAbsent(key, (ignored) -> ConcurrentHashMap.newKeySet());
	}

	private static void unindex(Map<String, Set<String>> index, String key, String adminId) {
		index.computeIfPresent(key, (ignored, ids) -> {
			ids.remove(adminId);
			return ids.isEmpty() ? null : ids;
		});
	}

	private record Admin(String id, Set<String> mallIds, String partnerId, Set<String> roles, boolean active) {
	}

	private record Preferences(Set<String> muted, Map<String, Set<String>> channels) {
	}

}
