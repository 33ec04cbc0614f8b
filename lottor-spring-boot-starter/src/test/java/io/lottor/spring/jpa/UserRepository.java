package io.lottor.spring.jpa;

import org.springframework.data.jpa.repository.JpaRepository;

/** Spring Data repository of {@link UserEntity}. */
public interface UserRepository extends JpaRepository<UserEntity, String> {
}
