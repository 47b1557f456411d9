# Слова оформления на русском (синтаксис Project Fluent: https://projectfluent.org/).
# Формы множественного числа — по категориям CLDR: one (1, 21, 31…), few (2–4, 22–24…),
# many (0, 5–20, 25–30…), other (дробные числа).

language-name = Русский
skip-to-content = Перейти к содержанию
nav-site = Разделы сайта
nav-providers = Все почтовые сервисы
nav-requirements = Общие требования
nav-errors = Поиск по ошибке
language-switcher = Язык
breadcrumb = Навигационная цепочка

fallback-missing = Этот раздел ещё не переведён, поэтому он показан на английском.
fallback-stale = Английский текст этого раздела изменился после перевода, поэтому до обновления перевода раздел показан на английском.

status-ok = Работает
status-preparation = Нужна подготовка
status-broken = Не работает
status-unverified = Ещё не проверено
status-deprecated = Скоро перестанет работать

callout-note = Примечание
callout-tip = Совет
callout-important = Важно
callout-warning = Внимание
callout-caution = Осторожно

provider-title = Настройки SMTP для { $name }
verified-on = проверено { $date }
failing-since = не работает с { $date }
verified-days-ago = { $count ->
    [0] проверено сегодня
    [one] проверено { $count } день назад
    [few] проверено { $count } дня назад
   *[many] проверено { $count } дней назад
}
days-left = { $count ->
    [one] через { $count } день
    [few] через { $count } дня
   *[many] через { $count } дней
}
requirement-2sv-on = Двухэтапная аутентификация должна быть включена.
requirement-2sv-off = Двухэтапная аутентификация должна быть выключена.
requirement-app-password = Пароль приложения: обычный пароль от почты для отправки из других программ не подходит.
requirement-oauth2-only = Сервис принимает только вход через OAuth2: никакой пароль не подойдёт, поэтому форма «{ $app }» не сможет работать с этим ящиком.
requirement-enable = Включите «{ $setting }» в настройках почтового ящика.
link-security-settings = Настройки безопасности
link-app-passwords = Пароли приложений
link-open-setting = Открыть настройку
link-register = Завести почтовый ящик
link-smtp-help = Официальная страница с настройками SMTP
username-email = Ваш адрес почты целиком
username-local = Часть адреса до знака @
username-template = `{ $template }`, куда подставлен ваш адрес
password-app = Пароль приложения (не обычный пароль от почты)
password-account = Пароль от почтового ящика
password-oauth2 = Токен OAuth2 (в форму его не ввести)
security-none = без шифрования
form-oauth2-only = { $name } принимает для SMTP только вход через OAuth2. В форме «{ $app }» есть лишь поле для пароля, поэтому отправлять почту через { $name } сейчас не получится.
form-no-server = В этом рецепте не указан SMTP-сервер.
limit-messages-per-day = Писем в сутки
limit-recipients-per-day = Получателей в сутки
limit-recipients-per-message = Получателей в одном письме
limit-message-size = Наибольший размер письма
limit-megabytes = { $count } МБ

requirements-title = Общие требования
requirements-description = Что нужно любому почтовому ящику, прежде чем магазин сможет отправлять через него письма, и собственные правила формы в панели управления.
errors-title = Поиск по ошибке
errors-description = Вставьте текст ошибки SMTP — и найдите её причину и решение для вашего почтового сервиса.
not-found-title = Страница не найдена
field-host = SMTP-сервер
field-port = порт
field-security = шифрование
field-username = имя пользователя
field-password = пароль
field-email = адрес почты
field-sender = адрес отправителя
search-requirements-summary = Что нужно любому почтовому ящику, и правила самой панели управления.
search-requirements-words = пароль приложения двухэтапная аутентификация двухфакторная шифрование правила формы
search-errors-summary = Вставьте текст ошибки SMTP и найдите решение.
search-errors-words = ошибка сообщение об ошибке ответ сервера smtp неполадки

js-copied = Скопировано
js-copied-value = Скопировано: { $value }
js-copy-by-hand = Выделите и скопируйте вручную
js-results = { $count ->
    [one] { $count } результат
    [few] { $count } результата
   *[many] { $count } результатов
}
js-nothing-found = По запросу «{ $query }» ничего не найдено.
js-search-unavailable = Поиск недоступен ({ $error }).
js-troubleshooting = Неполадки · { $provider }
js-paste-first = Сначала вставьте текст ошибки.
js-matching-entries = { $count ->
    [one] Найдена { $count } подходящая запись
    [few] Найдено { $count } подходящие записи
   *[many] Найдено { $count } подходящих записей
}
js-no-fix = Для этого сообщения готового решения нет. Сверьте настройки на странице вашего почтового сервиса.
js-exact-match = { $provider } · точное совпадение
js-partial-match = { $provider } · частичное совпадение
js-lookup-unavailable = Поиск по ошибке недоступен ({ $error }).
js-whole-address = Введите адрес целиком, например shop@mail.ru.
js-no-guide = Для домена { $domain } инструкции нет. Возможно, это ваш собственный домен, почту которого обслуживает один из сервисов: попросите службу поддержки посмотреть его MX-записи (в них указан сервис) и выберите этот сервис ниже. А пока прочитайте
js-general-requirements = общие требования
js-address-unavailable = Поиск по адресу недоступен ({ $error }).
