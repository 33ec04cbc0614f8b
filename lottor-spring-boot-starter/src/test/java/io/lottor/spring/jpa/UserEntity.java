package io.lottor.spring.jpa;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A row of {@code users}, written through JPA. */
@Entity
@Table(name = "users")
public class UserEntity {
    @Id
    private String name;
    private String role;

    protected UserEntity() {
    }

    public UserEntity(String name, String role) {
        this.name = name;
        this.role = role;
    }

    public String getName() {
        return name;
    }

    public String getRole() {
        return role;
    }
}
